/**
 * The foundation's kernels (dense products, randomness, sketches) as typed
 * calls: each says which elements of each array its kernel may touch and
 * hands the call to kernel.ts. Callers have checked shapes and options.
 */
import type { FloatArray } from '../dtype';
import { dtypeOf } from '../dtype';
import type { CsrArrays, KernelArg, SketchSpec } from './backend';
import { callKernel, callKernelAsync, extent, inout, input, kernelName, output, result } from './kernel';

const specArgs = (o: SketchSpec): number[] => [o.kind, o.k, o.n, o.param, o.seedLo, o.seedHi];

/** The three arrays of a CSR operand with `rows` rows: indptr (rows + 1), indices and data (indptr[rows] each). */
function csrArgs(X: CsrArrays, rows: number): KernelArg[] {
  const nnz = rows + 1 <= X.indptr.length ? X.indptr[rows] : 0;
  return [input(X.indptr, rows + 1), input(X.indices, nnz), input(X.data, nnz)];
}

/** C = alpha·op(A)·op(B) + beta·C (see skm_gemm_*). C is only written when beta = 0 and rows are gap-free. */
export function gemm(
  tA: boolean, tB: boolean, m: number, n: number, k: number, alpha: number,
  A: FloatArray, lda: number, B: FloatArray, ldb: number, beta: number, C: FloatArray, ldc: number,
  what = 'matmul',
): void {
  callKernel(kernelName('gemm', dtypeOf(A)), [
    +tA, +tB, m, n, k, alpha,
    input(A, extent(tA ? k : m, tA ? m : k, lda)), lda,
    input(B, extent(tB ? n : k, tB ? k : n, ldb)), ldb,
    beta, beta === 0 && ldc === n ? output(C, extent(m, n, ldc)) : inout(C, extent(m, n, ldc)), ldc,
  ], what);
}

/**
 * gemm off the event loop; resolves to the result with its leading
 * dimension (C's, when beta ≠ 0 and C is given; else n).
 */
export async function gemmAsync(
  tA: boolean, tB: boolean, m: number, n: number, k: number, alpha: number,
  A: FloatArray, lda: number, B: FloatArray, ldb: number, beta: number, C: FloatArray | null, ldc: number,
  signal: AbortSignal | undefined, what = 'matmulAsync',
): Promise<{ data: FloatArray; ld: number }> {
  const dtype = dtypeOf(A);
  const withC = beta !== 0 && C !== null;
  const ld = withC ? ldc : n;
  const arrays = await callKernelAsync(kernelName('gemm', dtype), [
    +tA, +tB, m, n, k, alpha,
    input(A, extent(tA ? k : m, tA ? m : k, lda)), lda,
    input(B, extent(tB ? n : k, tB ? k : n, ldb)), ldb,
    beta, withC ? inout(C!, extent(m, n, ld)) : result(dtype, m * n), ld,
  ], { signal, what });
  return { data: arrays[2] as FloatArray, ld };
}

/** y = alpha·op(A)·x + beta·y (see skm_gemv_*). */
export function gemv(
  trans: boolean, m: number, n: number, alpha: number, A: FloatArray, lda: number,
  x: FloatArray, incx: number, beta: number, y: FloatArray, incy: number, what = 'matvec',
): void {
  const ylen = extent(trans ? n : m, 1, incy);
  callKernel(kernelName('gemv', dtypeOf(A)), [
    +trans, m, n, alpha, input(A, extent(m, n, lda)), lda,
    input(x, extent(trans ? m : n, 1, incx)), incx,
    beta, beta === 0 && incy === 1 ? output(y, ylen) : inout(y, ylen), incy,
  ], what);
}

/**
 * One pass over A (m × n, row-major, lda): y ← A·x + beta·y, then
 * z ← Aᵀ·y (the new y); returns Σ yᵢ² (see skm_gemv_fused_*). y is read
 * only when beta ≠ 0.
 */
export function gemvFused(
  m: number, n: number, A: FloatArray, lda: number, x: FloatArray, beta: number, y: FloatArray, z: FloatArray, what = 'matvec',
): number {
  const ssq = new Float64Array(1);
  callKernel(kernelName('gemv_fused', dtypeOf(A)), [
    m, n, input(A, extent(m, n, lda)), lda, input(x, n), beta,
    beta === 0 ? output(y, m) : inout(y, m), output(z, n), output(ssq, 1),
  ], what);
  return ssq[0];
}

export function philox4x32(counter: Uint32Array, key: Uint32Array, out: Uint32Array): void {
  callKernel('skm_philox4x32', [input(counter, 4), input(key, 2), output(out, 4)], 'random.philox4x32');
}

export function randomFill(
  dist: number, seedLo: number, seedHi: number, stream: number, row0: number, col0: number,
  rows: number, cols: number, scale: number, out: FloatArray, ldo: number,
): void {
  callKernel(kernelName('random_fill', dtypeOf(out)), [
    dist, seedLo, seedHi, stream, row0, col0, rows, cols, scale,
    ldo === cols ? output(out, extent(rows, cols, ldo)) : inout(out, extent(rows, cols, ldo)), ldo,
  ], 'random');
}

/** out (k × cols) = columns col0 .. of S. */
export function sketchDense(op: SketchSpec, col0: number, cols: number, out: FloatArray, ldo: number, what: string): void {
  const len = extent(op.k, cols, ldo);
  callKernel(kernelName('sketch_dense', dtypeOf(out)), [
    ...specArgs(op), col0, cols, ldo === cols ? output(out, len) : inout(out, len), ldo,
  ], what);
}

/** out (k × d) = S[:, row0 : row0 + rows]·B, B dense rows × d. */
export function sketchApply(
  op: SketchSpec, row0: number, rows: number, d: number, B: FloatArray, ldb: number, out: FloatArray, ldo: number, what: string,
): void {
  const len = extent(op.k, d, ldo);
  callKernel(kernelName('sketch_apply', dtypeOf(out)), [
    ...specArgs(op), row0, rows, d, input(B, extent(rows, d, ldb)), ldb,
    ldo === d ? output(out, len) : inout(out, len), ldo,
  ], what);
}

/** As sketchApply with B in CSR. */
export function sketchApplyCsr(
  op: SketchSpec, row0: number, rows: number, d: number, B: CsrArrays, out: FloatArray, ldo: number, what: string,
): void {
  const len = extent(op.k, d, ldo);
  callKernel(kernelName('sketch_apply_csr', dtypeOf(out)), [
    ...specArgs(op), row0, rows, d, ...csrArgs(B, rows), ldo === d ? output(out, len) : inout(out, len), ldo,
  ], what);
}

/** out (N × k) = X·Sᵀ, X dense N × n. */
export function sketchProject(op: SketchSpec, N: number, X: FloatArray, ldx: number, out: FloatArray, ldo: number, what: string): void {
  const len = extent(N, op.k, ldo);
  callKernel(kernelName('sketch_project', dtypeOf(out)), [
    ...specArgs(op), N, input(X, extent(N, op.n, ldx)), ldx, ldo === op.k ? output(out, len) : inout(out, len), ldo,
  ], what);
}

/** As sketchProject with X in CSR. */
export function sketchProjectCsr(op: SketchSpec, N: number, X: CsrArrays, out: FloatArray, ldo: number, what: string): void {
  const len = extent(N, op.k, ldo);
  callKernel(kernelName('sketch_project_csr', dtypeOf(out)), [
    ...specArgs(op), N, ...csrArgs(X, N), ldo === op.k ? output(out, len) : inout(out, len), ldo,
  ], what);
}

/** sketchProject(Csr) off the event loop; resolves to a new N × k array. */
export async function sketchProjectAsync(
  op: SketchSpec, N: number, X: FloatArray | CsrArrays, ldx: number, what: string, signal: AbortSignal | undefined,
): Promise<FloatArray> {
  const csr = !ArrayBuffer.isView(X);
  const dtype = dtypeOf(csr ? (X as CsrArrays).data : (X as FloatArray));
  const args: KernelArg[] = csr
    ? [...specArgs(op), N, ...csrArgs(X as CsrArrays, N), result(dtype, N * op.k), op.k]
    : [...specArgs(op), N, input(X as FloatArray, extent(N, op.n, ldx)), ldx, result(dtype, N * op.k), op.k];
  const arrays = await callKernelAsync(kernelName(csr ? 'sketch_project_csr' : 'sketch_project', dtype), args, { signal, what });
  return arrays[arrays.length - 1] as FloatArray;
}

/** In-place FWHT of `rows` rows of length n (a power of two). */
export function fwht(rows: number, n: number, x: FloatArray, ldx: number, normalize: boolean, what: string): void {
  callKernel(kernelName('fwht', dtypeOf(x)), [rows, n, inout(x, extent(rows, n, ldx)), ldx, +normalize], what);
}
