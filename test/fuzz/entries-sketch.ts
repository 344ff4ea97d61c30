/**
 * The fuzz market, continued: sketching operators (issue 11), CsrMatrix,
 * matvec, the FWHT and sketch.fromJSON (a parser written in TypeScript, so
 * fast-check fuzzes it instead of libFuzzer). Same contract as entries.ts:
 * valid arguments give the reference answer, hostile ones a typed error.
 */
import fc from 'fast-check';
import { CsrMatrix, Matrix, matvec, sketch } from '../../lib/api';
import type { DType } from '../../lib/dtype';
import type { SketchOperator } from '../../lib/sketch/operator';
import { refGemm } from '../reference/gemm';
import { FuzzEntry, MatrixSpec, buildMatrix, matrixSpec } from './entries';

const dtype = fc.constantFrom<DType>('float32', 'float64');
const EPS: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const seed = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.constant(2 ** 53 - 1));

// ---- operators ---------------------------------------------------------------

interface OpSpec { kind: string; options: Record<string, number> }

const opSpec: fc.Arbitrary<OpSpec> = fc.oneof(
  fc.record({ kind: fc.constantFrom('gaussian', 'rademacher', 'countSketch'), options: fc.record({ k: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 0, max: 13 }), seed }) }),
  fc.record({ k: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 0, max: 13 }), seed, f: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ k, n, seed: s, f }) => ({ kind: 'sparseSign', options: { k, n, seed: s, nnz: 1 + Math.floor(f * (k - 1)) } })),
  fc.record({ k: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 0, max: 13 }), seed, density: fc.constantFrom(1, 0.5, 0.1, 1e-3) })
    .map(({ density, ...o }) => ({ kind: 'verySparse', options: { ...o, density } })),
  fc.record({ n: fc.integer({ min: 1, max: 13 }), seed, f: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ n, seed: s, f }) => {
    let n2 = 1;
    while (n2 < n) n2 *= 2;
    return { kind: 'srht', options: { k: 1 + Math.floor(f * (n2 - 1)), n, seed: s } };
  }),
  fc.record({ k: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 1, max: 4 }), degree: fc.integer({ min: 1, max: 3 }), seed })
    .map(({ degree, ...o }) => ({ kind: 'tensorSketch', options: { ...o, degree } })),
);

function makeOp(s: OpSpec): SketchOperator {
  return (sketch as unknown as Record<string, (o: object) => SketchOperator>)[s.kind](s.options);
}

/** Values of a spec without specials (the comparison runs); specials get a crash-only run. */
function finite(s: MatrixSpec): boolean {
  return s.specialRate === 0;
}

function hasNonFinite(M: Matrix): boolean {
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) if (!Number.isFinite(M.data[i * M.rowStride + j])) return true;
  return false;
}

/**
 * got ≈ want = A·B (f64 reference), within the dot-product bound. Transforms
 * (FWHT for SRHT, FFT for TensorSketch) mix every input into every output,
 * so their rounding is bounded by the row's whole scale (Σ|a|·max|b|), not
 * by the entry's own terms: `transform` adds that term.
 */
function expectProduct(got: Matrix, A: Matrix, transA: boolean, B: Matrix, transB: boolean, dt: DType, slack = 1, transform = false): void {
  const ref = (M: Matrix) => ({ rows: M.rows, cols: M.cols, data: M.data, stride: M.rowStride });
  const r = refGemm(ref(A), transA, ref(B), transB, 1, 0, null);
  if (got.rows !== r.m || got.cols !== r.n) throw new Error(`result is ${got.rows}×${got.cols}, expected ${r.m}×${r.n}`);
  const k = transA ? A.rows : A.cols;
  const tol = 4 * slack * (k + 2) * EPS[dt];
  let maxB = 0;
  for (let p = 0; p < B.rows; p++) for (let j = 0; j < B.cols; j++) maxB = Math.max(maxB, Math.abs(B.data[p * B.rowStride + j]));
  for (let i = 0; i < r.m; i++) {
    let rowScale = 0;
    if (transform) for (let p = 0; p < k; p++) rowScale += Math.abs(transA ? A.data[p * A.rowStride + i] : A.data[i * A.rowStride + p]);
    for (let j = 0; j < r.n; j++) {
      const want = r.value[i * r.n + j], g = got.data[i * got.rowStride + j];
      if (!(Math.abs(g - want) <= tol * (r.magnitude[i * r.n + j] + rowScale * maxB) + 1e-300)) {
        throw new Error(`(${i}, ${j}): got ${g}, expected ${want} (k=${k}, ${dt})`);
      }
    }
  }
}

/** Rows of X replaced by their tensor powers x ⊗ … ⊗ x (degree times). */
function tensorPowers(X: Matrix, degree: number): Matrix {
  const n = X.cols, cols = n ** degree;
  const out = new Float64Array(X.rows * cols);
  for (let i = 0; i < X.rows; i++) {
    for (let c = 0; c < cols; c++) {
      let v = 1, rest = c;
      for (let t = 0; t < degree; t++) {
        v *= X.data[i * X.rowStride + (rest % n)];
        rest = Math.floor(rest / n);
      }
      out[i * cols + c] = v;
    }
  }
  return new Matrix(X.rows, cols, out);
}

const SLACK: Record<string, number> = { srht: 4, tensorSketch: 64 };

const projectArgs = fc
  .tuple(opSpec, dtype, fc.integer({ min: 0, max: 7 }), fc.boolean(), fc.integer({ min: -1, max: 3 }))
  .chain(([op, dt, N, csr, outPad]) =>
    matrixSpec(fc.constant(N), fc.constant(op.options.n), fc.constant(dt)).map((x) => [op, x, csr, outPad] as [OpSpec, MatrixSpec, boolean, number]));

function csrOf(M: Matrix): CsrMatrix {
  return CsrMatrix.fromDense(M);
}

/** out for project: N × k with rowStride k + pad, NaN everywhere (padding must stay NaN). */
function outFor(op: OpSpec, x: MatrixSpec, pad: number): Matrix {
  const k = op.options.k, stride = k + pad;
  const n = x.rows === 0 || k === 0 ? 0 : (x.rows - 1) * stride + k;
  const data = x.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  return new Matrix(x.rows, k, data.fill(NaN), { rowStride: stride });
}

function checkProject(args: unknown[], result: unknown): void {
  const [op, x, csr, outPad] = args as [OpSpec, MatrixSpec, boolean, number];
  const R = result as Matrix;
  if (outPad >= 0) {
    for (let i = 0; i + 1 < R.rows; i++) {
      for (let j = R.cols; j < R.rowStride; j++) if (!Number.isNaN(R.data[i * R.rowStride + j])) throw new Error('project wrote out padding');
    }
  }
  const X = buildMatrix(x);
  if (!finite(x) || hasNonFinite(X)) return;
  const S = makeOp(op);
  const dense = S.toDense(x.dtype);
  const Xp = op.kind === 'tensorSketch' ? tensorPowers(X, op.options.degree) : X;
  void csr;
  expectProduct(result as Matrix, Xp, false, dense, true, x.dtype, SLACK[op.kind] ?? 1, op.kind in SLACK);
}

const applyArgs = fc
  .tuple(opSpec.filter((o) => o.kind !== 'tensorSketch' || o.options.n ** o.options.degree <= 64), dtype, fc.integer({ min: 0, max: 6 }), fc.boolean(), fc.nat())
  .chain(([op, dt, d, csr, pick]) => {
    const cols = op.kind === 'tensorSketch' ? op.options.n ** op.options.degree : op.options.n;
    // A whole (rowOffset undefined) or a row block that fits.
    const block = pick % 3 === 0 && cols > 0;
    const row0 = block ? pick % cols : 0;
    const rows = block ? 1 + (pick % (cols - row0)) : cols;
    return matrixSpec(fc.constant(rows), fc.constant(d), fc.constant(dt)).map((a) => [op, a, csr, block ? row0 : undefined] as [OpSpec, MatrixSpec, boolean, number | undefined]);
  });

function checkApply(args: unknown[], result: unknown): void {
  const [op, a, , row0] = args as [OpSpec, MatrixSpec, boolean, number | undefined];
  const A = buildMatrix(a);
  if (!finite(a) || hasNonFinite(A)) return;
  const dense = makeOp(op).toDense(a.dtype);
  const r0 = row0 ?? 0;
  const block = new Matrix(dense.rows, A.rows, dense.data.subarray(r0), { rowStride: dense.cols });
  expectProduct(result as Matrix, block, false, A, false, a.dtype, SLACK[op.kind] ?? 1, op.kind in SLACK);
}

// ---- CSR, matvec, fwht, fromJSON ------------------------------------------------

const csrSpec = fc.record({
  rows: fc.integer({ min: 0, max: 8 }), cols: fc.integer({ min: 0, max: 8 }), dtype,
  entries: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: -4, max: 4, noNaN: true })), { maxLength: 20 }),
  shared: fc.boolean(),
});

function buildCsr(s: { rows: number; cols: number; dtype: DType; entries: [number, number, number][]; shared: boolean }): unknown[] {
  const byRow: [number, number][][] = Array.from({ length: s.rows }, () => []);
  if (s.rows > 0 && s.cols > 0) for (const [i, j, v] of s.entries) byRow[i % s.rows].push([j % s.cols, v]);
  const indptr = [0], indices: number[] = [], data: number[] = [];
  for (const row of byRow) {
    for (const [j, v] of row) { indices.push(j); data.push(v); }
    indptr.push(indices.length);
  }
  const i32 = (a: number[]) => {
    if (!s.shared) return Int32Array.from(a);
    const t = new Int32Array(new SharedArrayBuffer(a.length * 4) as unknown as ArrayBuffer);
    t.set(a);
    return t;
  };
  return [s.rows, s.cols, i32(indptr), i32(indices), s.dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data)];
}

/**
 * Parameters at and past the edges of what each kind takes (tiny and
 * subnormal densities, the largest k and n, degree 64, nnz = k): fromJSON
 * must refuse them or give an operator whose kernels finish (the entry
 * projects a row with it).
 */
const extremeJson = fc.oneof(
  fc.record({
    kind: fc.constant('verySparse'), k: fc.constantFrom(1, 7, 2 ** 32 - 1), n: fc.constantFrom(1, 5),
    params: fc.record({ density: fc.constantFrom(2 ** -40, 2 ** -41, 2 ** -54, 2 ** -60, 5e-324, 1 - 2 ** -53, 1) }),
    seed: fc.constantFrom(0, 1, 2 ** 53 - 1),
  }),
  fc.record({
    kind: fc.constantFrom('gaussian', 'rademacher', 'countSketch', 'srht'), k: fc.constantFrom(0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32),
    n: fc.constantFrom(0, 1, 3, 2 ** 30 + 1, 2 ** 32, 2 ** 32 + 1), params: fc.constant({}), seed: fc.constant(1),
  }),
  fc.record({
    kind: fc.constant('tensorSketch'), k: fc.constantFrom(1, 5), n: fc.constantFrom(1, 2, 3),
    params: fc.record({ degree: fc.constantFrom(1, 32, 64, 65) }), seed: fc.constant(3),
  }),
  fc.record({
    kind: fc.constant('sparseSign'), k: fc.constantFrom(1, 9, 2 ** 32 - 1), n: fc.constantFrom(1, 4),
    params: fc.record({ nnz: fc.constantFrom(1, 9, 2 ** 32 - 1, 2 ** 32) }), seed: fc.constant(5),
  }),
).map((j) => JSON.stringify(j));

const jsonText = fc.oneof(
  fc.json(),
  extremeJson,
  opSpec.map((s) => JSON.stringify(makeOp(s).toJSON())),
  opSpec.chain((s) => fc.tuple(fc.constantFrom('k', 'n', 'seed', 'kind', 'params'), fc.jsonValue()).map(([key, v]) => {
    const j = makeOp(s).toJSON() as unknown as Record<string, unknown>;
    j[key] = v;
    return JSON.stringify(j);
  })),
);

export const SKETCH_ENTRIES: FuzzEntry[] = [
  {
    name: 'sketch.<kind>(options)',
    args: opSpec.map((s) => [s.kind, s.options]),
    options: { index: 1, keys: ['k', 'n', 'seed', 'nnz', 'density', 'degree'] },
    hostileArgs: [1],
    call: (kind, options) => (sketch as unknown as Record<string, (o: unknown) => SketchOperator>)[kind as string](options),
    check: (args, S) => {
      const j = (S as SketchOperator).toJSON();
      if (JSON.stringify(sketch.fromJSON(JSON.stringify(j)).toJSON()) !== JSON.stringify(j)) throw new Error('fromJSON(toJSON) differs');
    },
  },
  {
    name: 'SketchOperator#project',
    args: projectArgs.map(([op, x, csr, outPad]) => [op, x, csr, outPad]),
    hostileArgs: [],
    call: (op, x, csr, outPad) => {
      const X = buildMatrix(x as MatrixSpec);
      const options = (outPad as number) >= 0 ? { out: outFor(op as OpSpec, x as MatrixSpec, outPad as number) } : undefined;
      const R = makeOp(op as OpSpec).project(csr ? csrOf(X) : X, options);
      if (options && R !== options.out) throw new Error('project with out did not return out');
      return R;
    },
    check: checkProject,
  },
  {
    name: 'SketchOperator#projectAsync',
    args: projectArgs.map(([op, x, csr]) => [op, x, csr, -1]),
    hostileArgs: [],
    call: (op, x, csr) => {
      const X = buildMatrix(x as MatrixSpec);
      return makeOp(op as OpSpec).projectAsync(csr ? csrOf(X) : X);
    },
    check: checkProject,
  },
  {
    name: 'SketchOperator#apply',
    args: applyArgs.map(([op, a, csr, row0]) => [op, a, csr, row0]),
    hostileArgs: [],
    call: (op, a, csr, row0) => {
      const A = buildMatrix(a as MatrixSpec);
      return makeOp(op as OpSpec).apply(csr ? csrOf(A) : A, row0 === undefined ? undefined : { rowOffset: row0 as number });
    },
    check: checkApply,
  },
  {
    // Hostile values go straight into the operator methods (the operator itself is valid).
    name: 'SketchOperator#project/apply/projectAsync/toDense (hostile operands)',
    args: opSpec.map((s) => [s, 'project', undefined, undefined]),
    hostileArgs: [2, 3],
    call: async (s, _m, X, options) => {
      const S = makeOp(s as OpSpec);
      const out = [];
      for (const f of [() => S.project(X as Matrix), () => S.project(Matrix.zeros(1, S.n), options as never), () => S.apply(X as Matrix, options as never), () => S.projectAsync(X as Matrix, options as never), () => S.toDense(X as DType)]) {
        try {
          out.push(await f());
        } catch (e) {
          out.push(e);
          if (!(e instanceof Error) || !/Error$/.test(e.name) || e.constructor.name !== e.name) throw e;
          const { isContractError } = await import('../support/contract');
          if (!isContractError(e)) throw e;
        }
      }
      return out;
    },
  },
  {
    name: 'new CsrMatrix',
    args: csrSpec.map(buildCsr),
    call: (r, c, ip, ix, d) => new CsrMatrix(r as number, c as number, ip as Int32Array, ix as Int32Array, d as Float64Array),
    check: (args, M) => {
      const dense = (M as CsrMatrix).toDense();
      const back = CsrMatrix.fromDense(dense).toDense();
      if (Array.from(back.data).some((v, i) => !Object.is(v, dense.data[i]))) throw new Error('fromDense(toDense) differs');
      void args;
    },
  },
  {
    name: 'matvec',
    args: fc.tuple(matrixSpec(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), fc.boolean(), fc.constantFrom(1, -2, 0)).map(([s, trans, alpha]) => {
      const A = buildMatrix({ ...s, specialRate: 0 });
      const len = trans ? A.rows : A.cols;
      const x = A.dtype === 'float32' ? new Float32Array(len).fill(0.5) : new Float64Array(len).fill(0.5);
      return [A, x, { trans, alpha }];
    }),
    options: { index: 2, keys: ['trans', 'alpha', 'beta', 'out'] },
    call: (A, x, o) => matvec(A as Matrix, x as Float64Array, o as never),
    check: (args, y) => {
      const [A, x, o] = args as [Matrix, Float64Array, { trans: boolean; alpha: number }];
      const X = new Matrix(x.length, 1, x);
      const got = new Matrix((y as Float64Array).length, 1, y as Float64Array);
      const scaled = new Matrix(got.rows, 1, (got.data as Float64Array).map((v) => (o.alpha === 0 ? v : v / o.alpha)));
      if (o.alpha === 0) {
        if (Array.from(got.data).some((v) => v !== 0)) throw new Error('alpha = 0 must give zeros');
        return;
      }
      expectProduct(scaled, A, o.trans, X, false, A.dtype, 2);
    },
  },
  {
    name: 'sketch.fwht',
    args: fc.tuple(fc.constantFrom(0, 1, 2, 3, 4, 5, 6), fc.integer({ min: 0, max: 4 }), dtype, fc.boolean()).map(([log, rows, dt, normalize]) =>
      [buildMatrix({ rows, cols: 2 ** log, dtype: dt, storage: 'plain', seed: 3 + log, specialRate: 0, pad: rows % 3 }), { normalize }]),
    options: { index: 1, keys: ['normalize'] },
    call: (M, o) => {
      let before: Matrix | null = null;
      try {
        before = (M as Matrix).clone(); // the harness's own copy; hostile M fails here, harmlessly
      } catch {
        before = null;
      }
      const got = sketch.fwht(M as Matrix, o as never);
      return [before, got];
    },
    check: (args, r) => {
      const [before, got] = r as [Matrix, Matrix];
      const n = before.cols;
      const H = new Matrix(n, n, new Float64Array(n * n).map((_, idx) => {
        const i = Math.floor(idx / n), j = idx % n;
        let bits = i & j, s = 0;
        while (bits) { s ^= bits & 1; bits >>= 1; }
        return (s ? -1 : 1) / ((args[1] as { normalize: boolean }).normalize ? Math.sqrt(n) : 1);
      }));
      const B = new Matrix(before.rows, n, Float64Array.from(before.data));
      expectProduct(got, B, false, H, true, before.dtype, 2, true);
    },
  },
  {
    name: 'sketch.fromJSON (text and objects)',
    args: jsonText.map((t) => [t]),
    call: (t) => {
      sketch.fromJSON(t as string);
      let obj: unknown;
      try {
        obj = JSON.parse(t as string);
      } catch {
        return null;
      }
      const S = sketch.fromJSON(obj as never);
      // An accepted operator must also run: one row through project (a
      // kernel loop that never ends would hang the fuzzer here), when the
      // row and the result are small enough to allocate.
      if (S.n <= 64 && S.k <= 4096) S.project(Matrix.zeros(1, S.n).clone());
      return S;
    },
  },
];
