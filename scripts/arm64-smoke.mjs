// A spread of the public API with fixed seeds, printed as JSON: backendInfo()
// and, per case, the result's numbers. scripts/test-prebuild-arm64.sh runs it
// from the packed package on the x64 addon and, under qemu, on the arm64
// prebuild, and scripts/arm64-compare.mjs checks that they agree. Sizes are
// odd (tails of every vector loop) and small (qemu runs it in seconds).
import { backendInfo, linalg, matmul, random, sketch, structured, features, CsrMatrix } from 'sketchmat';

const out = {};
// f32: the case ran in float32 (its tolerance), even where a result is
// float64 (rsvd's S).
const put = (name, x) => {
  const a = x?.data ?? x; // a Matrix or a typed array
  out[name] = { f32: name.includes(' f32 '), values: Array.from(a) };
};

for (const dtype of ['float32', 'float64']) {
  const t = dtype === 'float32' ? 'f32' : 'f64';
  const A = random.gaussian(37, 29, { seed: 1, dtype });
  const B = random.gaussian(29, 23, { seed: 2, dtype });
  put(`matmul ${t} 37x29·29x23`, matmul(A, B));
  put(`matmul ${t} AᵀA 29x29`, matmul(A, A, { transA: true }));
  // Large enough for the worker threads (> 2^21 flops) and two k blocks.
  const C = random.gaussian(301, 257, { seed: 23, dtype });
  put(`matmul ${t} 301x257·(263x257)ᵀ`, matmul(C, random.gaussian(263, 257, { seed: 24, dtype }), { transB: true }));
  const X = random.gaussian(11, 45, { seed: 3, dtype }); // 11 samples, n = 45
  const kinds = {
    gaussian: sketch.gaussian({ k: 13, n: 45, seed: 4 }),
    rademacher: sketch.rademacher({ k: 13, n: 45, seed: 5 }),
    sparseSign: sketch.sparseSign({ k: 13, n: 45, nnz: 3, seed: 6 }),
    countSketch: sketch.countSketch({ k: 13, n: 45, seed: 7 }),
    verySparse: sketch.verySparse({ k: 13, n: 45, seed: 8 }),
    srht: sketch.srht({ k: 13, n: 45, seed: 9 }),
    tensorSketch: sketch.tensorSketch({ k: 16, n: 45, degree: 2, seed: 10 }),
  };
  for (const [kind, S] of Object.entries(kinds)) put(`sketch ${kind} ${t} project`, S.project(X));
  put(`sketch sparseSign ${t} apply`, kinds.sparseSign.apply(random.gaussian(45, 7, { seed: 11, dtype })));
  const csr = new CsrMatrix(2, 45, new Int32Array([0, 2, 3]), new Int32Array([5, 30, 44]),
    dtype === 'float32' ? new Float32Array([1, -2, 0.5]) : new Float64Array([1, -2, 0.5]));
  put(`sketch srht ${t} csr project`, kinds.srht.project(csr));
  put(`fwht ${t} 5x64`, sketch.fwht(random.gaussian(5, 64, { seed: 12, dtype }), { normalize: true }));

  const M = random.gaussian(61, 19, { seed: 13, dtype });
  const { S, U, Vt } = linalg.rsvd(M, 5, { seed: 14 });
  put(`rsvd ${t} S`, S);
  // Singular vectors up to sign: U·diag(S)·Vt is what must agree.
  const US = U.data.slice();
  for (let i = 0; i < U.rows; i++) for (let j = 0; j < U.cols; j++) US[i * U.cols + j] *= S[j];
  put(`rsvd ${t} U·S·Vt`, matmul(new U.constructor(U.rows, U.cols, US), Vt));
  const { Q, R } = linalg.qr(M);
  put(`qr ${t} Q`, Q);
  put(`qr ${t} R`, R);

  const W = random.gaussian(64, 64, { seed: 15, dtype });
  const mon = structured.fit(W, 'monarch', { blocks: 8 });
  const Xs = random.gaussian(9, 64, { seed: 16, dtype });
  put(`monarch ${t} linear`, mon.op.linear(Xs));
  const c = random.gaussian(1, 64, { seed: 17, dtype }).data;
  const r = random.gaussian(1, 51, { seed: 18, dtype }).data;
  put(`toeplitz ${t} 64x51 linear`, structured.toeplitz(c, r).linear(random.gaussian(9, 51, { seed: 19, dtype })));
  const f = features.rff({ dim: 26, inputDim: 45, gamma: 1 / 45, seed: 20, coupling: 'orthogonal' });
  put(`rff ${t} transform`, f.transform(X));
  const pf = features.positive({ dim: 24, inputDim: 45, seed: 21, coupling: 'simplex' });
  put(`positive ${t} transform`, pf.transform(random.gaussian(11, 45, { seed: 22, dtype, scale: 0.3 })));
}
console.log(JSON.stringify({ backend: backendInfo(), arch: process.arch, results: out }));
