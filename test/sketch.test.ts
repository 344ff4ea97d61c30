/**
 * Sketching operators against plain TypeScript references on every backend:
 * the operator itself (toDense) bit for bit, S·A and X·Sᵀ against
 * toDense-then-multiply, dense and CSR, f32 and f64, awkward sizes, row
 * blocks, JSON round trips, the FWHT, and the errors.
 */
import { CsrMatrix, Matrix, matmul, random, sketch, ShapeError, ValueError, DTypeError, OutOfMemoryError } from '../lib/api';
import type { DType } from '../lib/dtype';
import { Json, nextPow2, referenceDense, referenceFwht, srhtNeg, srhtRows } from './reference/sketch';
import { forEachBackend, testBackends } from './support/backends';
import { backend } from '../lib/backend/select';
import { EPS, filled, rng } from './support/data';

/** The operator market: each kind at awkward sizes (primes, n = 1, k > n, non-powers of two). */
const MARKET: Json[] = [
  { kind: 'gaussian', k: 5, n: 13, params: {}, seed: 1 },
  { kind: 'gaussian', k: 17, n: 3, params: {}, seed: 2 ** 40 + 3 },
  { kind: 'rademacher', k: 7, n: 1, params: {}, seed: 5 },
  { kind: 'rademacher', k: 4, n: 31, params: {}, seed: 6 },
  { kind: 'sparseSign', k: 11, n: 29, params: { nnz: 3 }, seed: 7 },
  { kind: 'sparseSign', k: 6, n: 2, params: { nnz: 6 }, seed: 8 }, // nnz = k > n
  { kind: 'sparseSign', k: 1, n: 1, params: { nnz: 1 }, seed: 9 },
  { kind: 'countSketch', k: 13, n: 37, params: {}, seed: 10 },
  { kind: 'countSketch', k: 40, n: 7, params: {}, seed: 2 ** 53 - 1 },
  { kind: 'verySparse', k: 9, n: 23, params: { density: 0.3 }, seed: 11 },
  { kind: 'verySparse', k: 5, n: 3, params: { density: 1 }, seed: 12 },
  { kind: 'verySparse', k: 64, n: 50, params: { density: 1 / Math.sqrt(50) }, seed: 13 },
  { kind: 'srht', k: 5, n: 13, params: {}, seed: 14 }, // n₂ = 16
  { kind: 'srht', k: 16, n: 9, params: {}, seed: 15 }, // k = n₂ > n
  { kind: 'srht', k: 1, n: 1, params: {}, seed: 16 },
  { kind: 'srht', k: 8, n: 64, params: {}, seed: 17 },
  { kind: 'tensorSketch', k: 7, n: 3, params: { degree: 2 }, seed: 18 },
  { kind: 'tensorSketch', k: 8, n: 4, params: { degree: 3 }, seed: 19 },
  { kind: 'tensorSketch', k: 5, n: 6, params: { degree: 1 }, seed: 20 },
];

const DTYPES: DType[] = ['float64', 'float32'];
/** The long-row FWHT cases' inputs and textbook answers, shared by the backends. */
const LONG_ROWS = new Map<string, { M0: Matrix; want: (Float32Array | Float64Array)[] }>();
const label = (j: Json) => `${j.kind}(k=${j.k}, n=${j.n}${Object.entries(j.params).map(([a, b]) => `, ${a}=${+b.toFixed(4)}`).join('')})`;
const cols = (j: Json) => (j.kind === 'tensorSketch' ? j.n ** j.params.degree : j.n);

/** The reference operator in f64: the kinds' definitions, or the random fills for the dense kinds. */
function expectedDense(j: Json): number[][] {
  if (j.kind === 'gaussian' || j.kind === 'rademacher') {
    const M = random[j.kind](j.k, j.n, { seed: j.seed, scale: 1 / Math.sqrt(j.k) });
    return M.toArray();
  }
  return referenceDense(j);
}

/** Exact comparison (treats -0 and 0 alike, NaN as a failure) that names the first mismatch. */
function expectEntries(what: string, got: Matrix, want: (i: number, jj: number) => number): void {
  for (let i = 0; i < got.rows; i++) {
    for (let c = 0; c < got.cols; c++) {
      const g = got.get(i, c), w = want(i, c);
      if (!(g === w)) throw new Error(`${what}: entry (${i}, ${c}) is ${g}, expected ${w}`);
    }
  }
}

/**
 * got ≈ S·A where S is the operator (as its dtype rounds it) and A given by
 * get(j, c): each entry within (terms + 4)·eps·Σ|S||A|, a bound on any
 * summation order's rounding (plus the final scaling). `fft` adds the error
 * of an f64 FFT convolution (TensorSketch): ~(log2 k + 2)·degree roundings
 * of the column's whole magnitude, with a factor 32 of room.
 */
function expectProduct(
  what: string, got: Matrix, S: number[][], A: (j: number, c: number) => number, inner: number, dtype: DType,
  fft?: { degree: number },
): void {
  const eps = EPS[dtype];
  const r = (v: number) => (dtype === 'float32' ? Math.fround(v) : v);
  for (let c = 0; c < got.cols; c++) {
    const sums: number[] = [], abss: number[] = [];
    for (let i = 0; i < got.rows; i++) {
      let sum = 0, abs = 0;
      for (let j = 0; j < inner; j++) {
        const s = r(S[i][j]);
        if (s === 0) continue;
        sum += s * A(j, c);
        abs += Math.abs(s * A(j, c));
      }
      sums.push(sum);
      abss.push(abs);
    }
    const total = abss.reduce((a, b) => a + b, 0);
    const fftTol = fft ? 32 * (Math.log2(got.rows) + 2) * fft.degree * EPS.float64 * total : 0;
    for (let i = 0; i < got.rows; i++) {
      const g = got.get(i, c);
      const tol = (inner + 4) * eps * abss[i] + fftTol + 1e-300;
      if (!(Math.abs(g - sums[i]) <= tol)) throw new Error(`${what}: entry (${i}, ${c}) is ${g}, expected ${sums[i]} ± ${tol}`);
    }
  }
}

/** A CSR matrix with about a third of the entries of a filled one, one row's columns out of order. */
function sparseOf(rows: number, colsN: number, dtype: DType, seed: number): CsrMatrix {
  const next = rng(seed);
  const indptr = new Int32Array(rows + 1);
  const idx: number[] = [], vals: number[] = [];
  for (let i = 0; i < rows; i++) {
    const rowIdx: number[] = [];
    for (let c = 0; c < colsN; c++) if (next() < -0.33) rowIdx.push(c);
    if (i === 1) rowIdx.reverse();
    for (const c of rowIdx) {
      idx.push(c);
      vals.push(next());
    }
    indptr[i + 1] = idx.length;
  }
  const data = dtype === 'float32' ? Float32Array.from(vals) : Float64Array.from(vals);
  return new CsrMatrix(rows, colsN, indptr, Int32Array.from(idx), data);
}

const opOf = (j: Json) => sketch.fromJSON(j as never);

forEachBackend(() => {
  describe.each(MARKET.map((j) => [label(j), j] as const))('%s', (_l, j) => {
    test('toDense is the reference operator bit for bit; float32 is float64 rounded', () => {
      const S = opOf(j);
      const want = expectedDense(j);
      const d64 = S.toDense();
      expect([d64.rows, d64.cols]).toEqual([j.k, cols(j)]);
      expectEntries('float64', d64, (i, c) => want[i][c]);
      expectEntries('float32', S.toDense('float32'), (i, c) => Math.fround(want[i][c]));
    });

    test.each(DTYPES)('apply (dense with row stride, and CSR) matches toDense·A in %s', (dtype) => {
      const S = opOf(j), D = expectedDense(j), n = cols(j);
      for (const d of [1, 5, 18]) {
        const A = filled(n, d, dtype, 100 + d, d + 3);
        const got = S.apply(A);
        expect([got.rows, got.cols, got.dtype]).toEqual([j.k, d, dtype]);
        expectProduct(`dense d=${d}`, got, D, (r, c) => A.get(r, c), n, dtype);
        const B = sparseOf(n, d, dtype, 200 + d);
        const Bd = B.toDense();
        expectProduct(`csr d=${d}`, S.apply(B), D, (r, c) => Bd.get(r, c), n, dtype);
      }
    });

    test.each(DTYPES)('row blocks with rowOffset sum to the whole (%s)', (dtype) => {
      const S = opOf(j), D = expectedDense(j), n = cols(j), d = 4;
      const A = filled(n, d, dtype, 300);
      const cut = Math.floor(n / 3);
      const parts = [[0, cut], [cut, n]].filter(([a, b]) => b > a);
      const sum = new Float64Array(j.k * d);
      for (const [a, b] of parts) {
        const block = new Matrix(b - a, d, A.data.subarray(a * d, b * d));
        const got = S.apply(block, { rowOffset: a });
        const Dblock = D.map((row) => row.slice(a, b));
        expectProduct(`block ${a}..${b}`, got, Dblock, (r, c) => block.get(r, c), b - a, dtype);
        const gotCsr = S.apply(CsrMatrix.fromDense(block), { rowOffset: a });
        expectProduct(`csr block ${a}..${b}`, gotCsr, Dblock, (r, c) => block.get(r, c), b - a, dtype);
        for (let i = 0; i < sum.length; i++) sum[i] += got.data[i];
      }
      const whole = new Matrix(j.k, d, sum);
      expectProduct('sum of blocks', whole, D, (r, c) => A.get(r, c), n, dtype);
    });

    test.each(DTYPES)('project (dense and CSR) matches X·toDenseᵀ in %s; projectAsync equals project', async (dtype) => {
      const S = opOf(j), n = j.n;
      const X = filled(6, n, dtype, 400, n + 2);
      const got = S.project(X);
      expect([got.rows, got.cols, got.dtype]).toEqual([6, j.k, dtype]);
      const Xs = sparseOf(5, n, dtype, 500);
      const Xsd = Xs.toDense();
      if (j.kind === 'tensorSketch') {
        // Row i sketches x_i^{⊗degree}: compare with toDense · (x ⊗ … ⊗ x).
        const D = expectedDense(j), p = j.params.degree;
        const power = (get: (c: number) => number) => (J: number) => {
          let v = 1;
          for (let t = 0, rest = J; t < p; t++, rest = Math.floor(rest / n)) v *= get(rest % n);
          return v;
        };
        const check = (what: string, out: Matrix, get: (i: number, c: number) => number) => {
          for (let i = 0; i < out.rows; i++) {
            const col = new Matrix(j.k, 1, Float64Array.from(out.row(i)));
            expectProduct(`${what} row ${i}`, col, D, power((c) => get(i, c)), cols(j), dtype, { degree: p });
          }
        };
        check('dense', got, (i, c) => X.get(i, c));
        check('csr', S.project(Xs), (i, c) => Xsd.get(i, c));
      } else {
        const D = expectedDense(j);
        const T = (M: Matrix) => (r: number, c: number) => M.get(c, r); // Xᵀ as the right operand
        // (X Sᵀ)ᵀ = S Xᵀ
        const transpose = (M: Matrix) => new Matrix(M.cols, M.rows, Float64Array.from({ length: M.rows * M.cols }, (_, q) => M.get(q % M.rows, Math.floor(q / M.rows))));
        expectProduct('dense', transpose(got), D, T(X), n, dtype);
        expectProduct('csr', transpose(S.project(Xs)), D, T(Xsd), n, dtype);
      }
      const asyncGot = await S.projectAsync(X);
      expect(Array.from(asyncGot.data)).toEqual(Array.from(got.data));
      expect(asyncGot.dtype).toBe(dtype);
      const asyncCsr = await S.projectAsync(Xs);
      expect(Array.from(asyncCsr.data)).toEqual(Array.from(S.project(Xs).data));
    });

    test('toJSON round-trips through JSON text to the same operator', () => {
      const S = opOf(j);
      const text = JSON.stringify(S);
      const back = sketch.fromJSON(JSON.parse(text) as never);
      expect(back.toJSON()).toEqual(S.toJSON());
      expect(sketch.fromJSON(text).toJSON()).toEqual(S.toJSON());
      expect(Array.from(back.toDense().data)).toEqual(Array.from(S.toDense().data));
    });
  });

  test.each([
    { kind: 'sparseSign', k: 16, n: 9000, params: { nnz: 3 }, seed: 31 },
    { kind: 'verySparse', k: 12, n: 9000, params: { density: 0.2 }, seed: 32 },
    { kind: 'gaussian', k: 600, n: 1000, params: {}, seed: 33 }, // f64: 2 blocks
  ] as Json[])('several column blocks of S (n = $n): project and apply match toDense ($kind)', (j) => {
    // Sparse project walks S in blocks of 4096 columns, Gaussian in ~4 MB
    // blocks: the later blocks continue the sums the earlier ones left in out.
    const S = opOf(j), D = expectedDense(j);
    for (const dtype of DTYPES) {
      const X = filled(3, j.n, dtype, 41, j.n + 1);
      const P = S.project(X);
      const T = new Matrix(j.k, 3, Float64Array.from({ length: j.k * 3 }, (_, q) => P.get(q % 3, Math.floor(q / 3))));
      expectProduct('project', T, D, (c, r) => X.get(r, c), j.n, dtype);
      const A = filled(j.n, 2, dtype, 42);
      expectProduct('apply', S.apply(A), D, (r, c) => A.get(r, c), j.n, dtype);
    }
  });

  test('results do not depend on the thread count', () => {
    const b = backend();
    const before = b.threads();
    const ops = [
      sketch.sparseSign({ k: 40, n: 3000, seed: 1 }), sketch.verySparse({ k: 40, n: 3000, seed: 2 }),
      sketch.srht({ k: 40, n: 3000, seed: 3 }), sketch.gaussian({ k: 40, n: 3000, seed: 4 }),
      sketch.countSketch({ k: 40, n: 3000, seed: 5 }),
    ];
    const X = filled(70, 3000, 'float32', 7), A = filled(3000, 50, 'float32', 8), C = CsrMatrix.fromDense(filled(3000, 20, 'float64', 9));
    const run = () => ops.flatMap((S) => [S.project(X).data, S.apply(A).data, S.apply(C).data].map((a) => Array.from(a)));
    try {
      b.setThreads(1);
      const one = run();
      b.setThreads(2);
      const two = run();
      expect(two).toEqual(one);
    } finally {
      b.setThreads(before);
    }
  });

  // SRHT apply transforms 64 bytes of columns together when B is that wide
  // (FwhtColumns) and one column at a time otherwise: the same bits.
  test.each(DTYPES)('SRHT apply of many columns equals each column applied alone, bit for bit (%s)', (dtype) => {
    for (const [n, k] of [[37, 9], [700, 64], [5000, 40]]) {
      const S = sketch.srht({ k, n, seed: n });
      const d = 21, A = filled(n, d, dtype, n + 1, d + 2);
      const column = (M: Matrix, c: number) => {
        const a = dtype === 'float32' ? new Float32Array(M.rows) : new Float64Array(M.rows);
        for (let r = 0; r < M.rows; r++) a[r] = M.get(r, c);
        return new Matrix(M.rows, 1, a);
      };
      const cut = Math.floor(n / 3);
      for (const [a, b] of [[0, n], [cut, n], [0, cut]]) {
        const block = new Matrix(b - a, d, A.data.subarray(a * (d + 2), (b - 1) * (d + 2) + d), { rowStride: d + 2 });
        const whole = S.apply(block, { rowOffset: a });
        const wholeCsr = S.apply(CsrMatrix.fromDense(block), { rowOffset: a });
        for (let c = 0; c < d; c++) {
          const one = column(block, c);
          const alone = S.apply(one, { rowOffset: a });
          const aloneCsr = S.apply(CsrMatrix.fromDense(one), { rowOffset: a });
          for (let i = 0; i < k; i++) {
            if (!Object.is(whole.get(i, c), alone.get(i, 0)) || !Object.is(wholeCsr.get(i, c), aloneCsr.get(i, 0))) {
              throw new Error(`n=${n} rows ${a}..${b} column ${c} row ${i}: ${whole.get(i, c)} / ${wholeCsr.get(i, c)} together, ${alone.get(i, 0)} / ${aloneCsr.get(i, 0)} alone`);
            }
          }
        }
      }
    }
  });

  test.each(DTYPES)('project into a given out (with a row stride) equals project (%s)', (dtype) => {
    const S = sketch.sparseSign({ k: 7, n: 20, nnz: 3, seed: 4 });
    const X = filled(5, 20, dtype, 6);
    const want = S.project(X);
    const data = dtype === 'float32' ? new Float32Array(4 * 10 + 7).fill(NaN) : new Float64Array(4 * 10 + 7).fill(NaN);
    const out = new Matrix(5, 7, data, { rowStride: 10 });
    expect(S.project(X, { out })).toBe(out);
    expect(out.toArray()).toEqual(want.toArray());
    expect(data[7]).toBeNaN(); // the gap between rows is not written
    expect(S.project(CsrMatrix.fromDense(X), { out }).toArray()).toEqual(S.project(CsrMatrix.fromDense(X)).toArray());
    expect(() => S.project(X, { out: Matrix.zeros(5, 6, dtype) })).toThrow(ShapeError);
    expect(() => S.project(X, { out: Matrix.zeros(5, 7, dtype === 'float32' ? 'float64' : 'float32') })).toThrow(DTypeError);
    const shared = new Matrix(5, 7, X.data.subarray(0, 35) as never);
    expect(() => S.project(X, { out: shared })).toThrow(/shares memory/);
  });

  test('empty sizes give empty or zero results', () => {
    const S = sketch.sparseSign({ k: 4, n: 0, seed: 1 });
    expect(S.toDense().data.length).toBe(0);
    const P = S.project(new Matrix(3, 0, new Float64Array(0)));
    expect(Array.from(P.data)).toEqual(new Array(12).fill(0));
    const G = sketch.gaussian({ k: 0, n: 5, seed: 1 });
    expect(G.apply(Matrix.zeros(5, 2)).data.length).toBe(0);
    expect(sketch.srht({ k: 3, n: 4, seed: 1 }).apply(Matrix.zeros(4, 0)).cols).toBe(0);
  });

  test('SRHT project is the FWHT of D·x, sampled and scaled, bit for bit', () => {
    // n = n₂ (16, 64, 1024): the sign flip fused into the FWHT; else padded.
    for (const [n, k] of [[12, 6], [16, 16], [100, 30], [64, 8], [1024, 256], [9000, 50]]) {
      const seed = 77 + n;
      const S = sketch.srht({ k, n, seed });
      const n2 = nextPow2(n), rows = srhtRows(seed, n2, k);
      for (const dtype of DTYPES) {
        const X = filled(3, n, dtype, 9);
        const got = S.project(X);
        const mag = dtype === 'float32' ? Math.fround(1 / Math.sqrt(k)) : 1 / Math.sqrt(k);
        for (let r = 0; r < 3; r++) {
          const y = dtype === 'float32' ? new Float32Array(n2) : new Float64Array(n2);
          for (let c = 0; c < n; c++) y[c] = srhtNeg(seed, c) ? -X.get(r, c) : X.get(r, c);
          referenceFwht(y);
          const w = dtype === 'float32' ? new Float32Array(k) : new Float64Array(k);
          for (let i = 0; i < k; i++) w[i] = y[rows[i]] * mag;
          expect(Array.from(got.row(r))).toEqual(Array.from(w));
        }
      }
    }
  });

  describe('fwht', () => {
    test.each(DTYPES)('equals the textbook transform bit for bit (%s), in rows and alone', (dtype) => {
      for (const n of [1, 2, 4, 8, 16, 32, 64, 256, 1024, 8192, 16384, 65536]) {
        const rows = n >= 8192 ? 2 : 3, stride = n + 5;
        const M = filled(rows, n, dtype, n, stride);
        const want = M.clone();
        sketch.fwht(M);
        for (let r = 0; r < rows; r++) {
          const w = want.row(r).slice();
          referenceFwht(w);
          const g = M.row(r);
          for (let c = 0; c < n; c++) if (!Object.is(g[c], w[c])) throw new Error(`n=${n} row ${r} entry ${c}: ${g[c]} vs ${w[c]}`);
          // the padding between rows is untouched (NaN)
          if (r + 1 < rows) expect(M.data[r * stride + n]).toBeNaN();
        }
      }
      const v = dtype === 'float32' ? new Float32Array([1, 0, 0, 0]) : new Float64Array([1, 0, 0, 0]);
      expect(Array.from(sketch.fwht(v))).toEqual([1, 1, 1, 1]);
      expect(Array.from(sketch.fwht(v, { normalize: true }))).toEqual([2, 0, 0, 0]);
    });

    test('large rows (cache-blocked path) equal the textbook transform', () => {
      const n = 2 ** 20;
      const x = new Float32Array(n);
      const next = rng(5);
      for (let i = 0; i < n; i++) x[i] = next();
      const w = x.slice();
      referenceFwht(w);
      sketch.fwht(x);
      let bad = -1;
      for (let i = 0; i < n && bad < 0; i++) if (!Object.is(x[i], w[i])) bad = i;
      expect(bad).toBe(-1);
    });

    // fwht.cc's paths by row bytes: <= 32 KB in L1; <= 256 KB sub-rows then
    // across them; longer: up to 8 sub-rows, 256 KB blocks (2^17, 2^18) or
    // longer ones themselves (2^20 and up; 2^23 f32 two levels down), then
    // one pass across them.
    test.each(DTYPES)('long rows, every cache-blocked path, bit for bit (%s)', (dtype) => {
      const cases: [number, number][] = [[2 ** 17, 2], [2 ** 18, 3], [2 ** 20, 1], [2 ** 21, 1]];
      if (dtype === 'float32') cases.push([2 ** 23, 1]);
      for (const [n, rows] of cases) {
        const stride = rows > 1 ? n + 3 : n;
        // Input and textbook answer are the same on every backend: made once.
        const key = `${dtype} ${n} ${rows}`;
        if (!LONG_ROWS.has(key)) {
          const M0 = filled(rows, n, dtype, n + rows, stride);
          const want = [];
          for (let r = 0; r < rows; r++) {
            const w = M0.row(r).slice();
            referenceFwht(w);
            want.push(w);
          }
          LONG_ROWS.set(key, { M0, want });
        }
        const { M0, want } = LONG_ROWS.get(key)!;
        const M = new Matrix(rows, n, M0.data.slice(), { rowStride: stride });
        sketch.fwht(M);
        for (let r = 0; r < rows; r++) {
          const w = want[r];
          const g = M.row(r);
          // Bytes first (no NaN in these rows, so equal bits = Object.is); an
          // element loop over 2^23 entries takes a second under jest.
          const bytes = (a: Float32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
          if (!bytes(g).equals(bytes(w))) {
            let bad = 0;
            while (Object.is(g[bad], w[bad])) bad++;
            throw new Error(`n=${n} row ${r} entry ${bad}: ${g[bad]} vs ${w[bad]}`);
          }
          if (r + 1 < rows) expect(M.data[r * stride + n]).toBeNaN();
        }
      }
    });

    test('normalize makes it orthonormal: applying twice gives back x', () => {
      const x = Float64Array.from({ length: 512 }, (_, i) => Math.sin(i));
      const y = sketch.fwht(sketch.fwht(x.slice(), { normalize: true }), { normalize: true });
      for (let i = 0; i < 512; i++) expect(Math.abs(y[i] - x[i])).toBeLessThan(1e-12);
    });

    test('errors', () => {
      expect(() => sketch.fwht(new Float64Array(6))).toThrow(ShapeError);
      expect(() => sketch.fwht(new Float64Array(0))).toThrow(ShapeError);
      expect(() => sketch.fwht(Matrix.zeros(2, 3))).toThrow(/power of two/);
      expect(() => sketch.fwht([1, 2] as never)).toThrow(ValueError);
      expect(() => sketch.fwht(new Float64Array(4), { normalize: 1 as never })).toThrow(ValueError);
    });
  });

  test('errors: parameters, shapes, dtypes, bad JSON', () => {
    expect(() => sketch.sparseSign({ k: 4, n: 10, nnz: 5, seed: 1 })).toThrow(/nnz must be an integer in \[1, 4\]/);
    expect(() => sketch.sparseSign({ k: 0, n: 10, seed: 1 })).toThrow(ValueError);
    expect(() => sketch.sparseSign({ k: 4, n: 10 } as never)).toThrow(/seed is required/);
    expect(() => sketch.gaussian({ k: 4, n: 10, seed: -1 })).toThrow(ValueError);
    expect(() => sketch.gaussian({ k: 1.5, n: 10, seed: 1 })).toThrow(ValueError);
    expect(() => sketch.verySparse({ k: 4, n: 10, density: 0, seed: 1 })).toThrow(/density/);
    expect(() => sketch.verySparse({ k: 4, n: 10, density: 1.5, seed: 1 })).toThrow(/density/);
    expect(() => sketch.srht({ k: 17, n: 10, seed: 1 })).toThrow(/at most n₂ = 16/);
    expect(() => sketch.tensorSketch({ k: 4, n: 10, degree: 0, seed: 1 })).toThrow(ValueError);
    expect(() => sketch.gaussian(undefined as never)).toThrow(ValueError);

    const S = sketch.countSketch({ k: 4, n: 10, seed: 1 });
    expect(() => S.apply(Matrix.zeros(9, 2))).toThrow(ShapeError);
    expect(() => S.apply(Matrix.zeros(9, 2))).toThrow(/A has 9 rows but S is 4×10/);
    expect(() => S.apply(Matrix.zeros(5, 2), { rowOffset: 6 })).toThrow(ShapeError);
    expect(() => S.apply(Matrix.zeros(5, 2), { rowOffset: -1 })).toThrow(ValueError);
    expect(() => S.project(Matrix.zeros(3, 9))).toThrow(/X needs 10 columns/);
    expect(() => S.apply({} as never)).toThrow(ValueError);
    expect(() => S.toDense('int8' as never)).toThrow(DTypeError);
    expect(() => sketch.gaussian({ k: 2 ** 20, n: 2 ** 20, seed: 1 }).toDense()).toThrow(OutOfMemoryError);
    expect(S.projectAsync(Matrix.zeros(3, 9))).rejects.toThrow(ShapeError);

    expect(() => sketch.fromJSON({ kind: 'nope', k: 1, n: 1, params: {}, seed: 1 } as never)).toThrow(/unknown kind/);
    expect(() => sketch.fromJSON({ kind: 'sparseSign', k: 4, n: 1, params: {}, seed: 1 })).toThrow(/takes params \{nnz\}/);
    expect(() => sketch.fromJSON({ kind: 'gaussian', k: 4, n: 1, params: {}, seed: 1, extra: 1 } as never)).toThrow(ValueError);
    expect(() => sketch.fromJSON({ kind: 'gaussian', k: 4, n: 1, params: {} } as never)).toThrow(ValueError);
    expect(() => sketch.fromJSON('{not json')).toThrow(ValueError);
    expect(() => sketch.fromJSON(null as never)).toThrow(ValueError);
    expect(() => sketch.fromJSON({ kind: 'sparseSign', k: 4, n: 1, params: { nnz: 9 }, seed: 1 })).toThrow(ValueError);
  });

  test('CsrMatrix checks its structure', () => {
    const data = new Float64Array([1, 2, 3]);
    expect(() => new CsrMatrix(2, 3, new Int32Array([0, 2]), new Int32Array([0, 1, 2]), data)).toThrow(ShapeError);
    expect(() => new CsrMatrix(2, 3, new Int32Array([1, 2, 3]), new Int32Array([0, 1, 2]), data)).toThrow(/indptr\[0\] must be 0/);
    expect(() => new CsrMatrix(2, 3, new Int32Array([0, 2, 1]), new Int32Array([0, 1, 2]), data)).toThrow(/must not decrease/);
    expect(() => new CsrMatrix(2, 3, new Int32Array([0, 2, 3]), new Int32Array([0, 3, 2]), data)).toThrow(/outside \[0, 3\)/);
    expect(() => new CsrMatrix(2, 3, new Int32Array([0, 2, 4]), new Int32Array([0, 1, 2]), data)).toThrow(ShapeError);
    expect(() => new CsrMatrix(2, 3, [0, 1, 2] as never, new Int32Array([0, 1, 2]), data)).toThrow(DTypeError);
    const ok = new CsrMatrix(2, 3, new Uint32Array([0, 2, 3]), new Uint32Array([2, 0, 2]), data);
    expect(ok.toDense().toArray()).toEqual([[2, 0, 1], [0, 0, 3]]);
    // Changed after construction: caught at the next call, never read out of bounds.
    ok.indices[0] = 7;
    expect(() => sketch.countSketch({ k: 2, n: 3, seed: 1 }).project(ok)).toThrow(/outside/);
  });
});

test('jlMinDim follows 4 ln(n) / (ε²/2 − ε³/3), rounded up', () => {
  expect(sketch.jlMinDim(1e6, 0.1)).toBe(Math.ceil((4 * Math.log(1e6)) / (0.005 - 0.001 / 3)));
  expect(sketch.jlMinDim(1e6, 0.1)).toBe(11842);
  expect(sketch.jlMinDim(1, 0.5)).toBe(0);
  expect(() => sketch.jlMinDim(0, 0.1)).toThrow(ValueError);
  expect(() => sketch.jlMinDim(10, 1)).toThrow(ValueError);
});

// The sparse kinds, the SRHT and TensorSketch define their sums' order
// (SKETCH.md: dense project's four partials per sign, the butterflies, the
// f64 FFT), so their results are the same bits on every backend; each is run
// on every backend at sizes that take the long paths (lists of 4+ nonzeros
// per row of S, several column blocks, partial tiles of X, a row stride) and
// compared with the first. (Gaussian and Rademacher go through the GEMM,
// whose blocking and FMA use are the target's: GEMM.md.)
test('sparse, SRHT and TensorSketch project and apply give the same bits on every backend', () => {
  const ops = [
    sketch.sparseSign({ k: 40, n: 3000, nnz: 7, seed: 1 }), sketch.verySparse({ k: 24, n: 9000, seed: 2 }),
    sketch.countSketch({ k: 5, n: 5000, seed: 3 }), sketch.srht({ k: 33, n: 1000, seed: 4 }),
    sketch.tensorSketch({ k: 24, n: 9, degree: 2, seed: 6 }), // Bluestein: 64-point FFTs
    sketch.sparseSign({ k: 2100, n: 4500, nnz: 2, seed: 7 }), // two chunks of rows of S, two column blocks
  ];
  const results = testBackends().map((tb) => {
    tb.activate();
    return ops.flatMap((S) => DTYPES.flatMap((dtype) => {
      const X = filled(37, S.n, dtype, 11, S.n + 3); // a row stride too
      const A = filled(S.cols, 18, dtype, 12); // SRHT: 64 bytes of columns and more go together
      return [S.project(X).data, S.apply(A).data].map((a) => Array.from(a));
    }));
  });
  expect(results.length).toBeGreaterThan(0);
  // TensorSketch transforms rows 8 at a time (lanes of one FFT batch): each
  // row's result is the one it gets alone, bit for bit, in a full batch and
  // in the short last one.
  const ts = ops.find((S) => S.kind === 'tensorSketch')!;
  for (const dtype of DTYPES) {
    const X = filled(19, ts.n, dtype, 21);
    const all = ts.project(X), csr = ts.project(CsrMatrix.fromDense(X));
    expect(Array.from(csr.data)).toEqual(Array.from(all.data));
    for (const i of [0, 7, 8, 18]) {
      const alone = ts.project(new Matrix(1, ts.n, X.data.slice(i * ts.n, (i + 1) * ts.n)));
      expect(Array.from(alone.data)).toEqual(Array.from(all.row(i)));
    }
  }
  // The chunked case against the CSR kernel (a different summation: scatter).
  const big = ops[ops.length - 1], X = filled(37, big.n, 'float64', 13);
  const viaCsr = big.project(CsrMatrix.fromDense(X)).data, dense = big.project(X).data;
  let worst = 0;
  for (let i = 0; i < dense.length; i++) worst = Math.max(worst, Math.abs(dense[i] - viaCsr[i]) / (1 + Math.abs(dense[i])));
  expect(worst).toBeLessThanOrEqual(1e-12);
  expect(Array.from(dense).some((v) => v !== 0)).toBe(true);
  testBackends().forEach((tb, i) => {
    results[i].forEach((r, q) => {
      if (JSON.stringify(r) !== JSON.stringify(results[0][q])) {
        const S = ops[Math.floor(q / 4)];
        throw new Error(`${tb.label} differs from ${testBackends()[0].label}: ${S.kind} ${DTYPES[Math.floor(q / 2) % 2]} ${q % 2 ? 'apply' : 'project'}`);
      }
    });
  });
});

// The native doors ask Linux for huge pages on large outputs before the
// kernel writes them (native/addon/args.h): the advice must change nothing.
test('large results (huge-page advice) equal the same results written into a given out', () => {
  const same = (a: Matrix, b: Matrix) => Buffer.compare(Buffer.from(a.data.buffer), Buffer.from(b.data.buffer)) === 0;
  const S = sketch.countSketch({ k: 600, n: 50, seed: 9 });
  const X = filled(4000, 50, 'float32', 3);
  const got = S.project(X); // 4000 × 600 f32 = 9.6 MB
  expect(got.data.byteLength).toBeGreaterThanOrEqual(8 << 20);
  expect(same(got, S.project(X, { out: Matrix.zeros(4000, 600, 'float32') }))).toBe(true);
  const R = random.uniform(1100, 1000, { seed: 4 }); // 8.8 MB f64
  expect(R.data[R.data.length - 1]).toBe(random.uniform(1, 1, { seed: 4, rowOffset: 1099, colOffset: 999 }).data[0]);
  const A = filled(1500, 40, 'float64', 5), B = filled(40, 800, 'float64', 6); // C: 9.6 MB
  expect(same(matmul(A, B), matmul(A, B, { out: Matrix.zeros(1500, 800, 'float64') }))).toBe(true);
});
