/* sketchmat C ABI: the one list of kernels.
 *
 * Plain C over raw pointers. The Node-API addon (native/addon) and the
 * WebAssembly build (wasm/) are two thin doors onto exactly these functions;
 * the WASM export list is generated from the SKM_API lines below, so a function
 * declared here is exported by both builds.
 *
 * Conventions
 * - Matrices are row-major; `ld*` is the distance in elements between the
 *   starts of consecutive rows (>= the row length actually read).
 * - Sizes and leading dimensions are `skm_int` (pointer-sized and signed):
 *   64-bit in the addon, 32-bit in wasm32, so JS never passes a BigInt.
 * - No function throws or aborts. Each returns an skm_status; arguments that
 *   are inconsistent (negative sizes, ld too small, unknown enum values) give
 *   SKM_EINVAL and leave outputs untouched. Bounds of the caller's buffers are
 *   the door's job (the addon knows typed-array lengths, the WASM loader
 *   allocates exactly what it passes).
 * - Seeds are 53-bit integers passed as two uint32 halves (lo, hi) so that
 *   no 64-bit integer crosses the WASM boundary.
 */
#ifndef SKETCHMAT_H_
#define SKETCHMAT_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__EMSCRIPTEN__)
#define SKM_API __attribute__((used, visibility("default")))
#else
#define SKM_API __attribute__((visibility("default")))
#endif

typedef ptrdiff_t skm_int;
typedef int32_t skm_status;

enum {
  SKM_OK = 0,
  SKM_EINVAL = 1,    /* inconsistent arguments */
  SKM_ENOMEM = 2,    /* scratch allocation failed; outputs untouched */
  SKM_EINTERNAL = 3, /* a bug: please report */
  SKM_ECANCELED = 4  /* the watched cancellation flag was set; outputs unspecified */
};

/* SIMD levels, best last. A cap limits dynamic dispatch to levels <= cap. */
enum {
  SKM_SIMD_SCALAR = 0,
  SKM_SIMD_SSE4 = 1,
  SKM_SIMD_AVX2 = 2,
  SKM_SIMD_AVX512 = 3,
  SKM_SIMD_NEON = 4,
  SKM_SIMD_SIMD128 = 5
};

/* ---- library ---------------------------------------------------------- */

/* Semantic version of the kernels, e.g. "0.1.0". */
SKM_API const char* skm_version(void);
/* The SIMD level dispatch uses now (one of SKM_SIMD_*). */
SKM_API int32_t skm_simd_level(void);
/* Bit (1 << level) set for each level this CPU and build can run. */
SKM_API int32_t skm_simd_available(void);
/* Cap dispatch at `level` (a SKM_SIMD_* the CPU has); SKM_EINVAL otherwise.
 * Not safe to call while kernels run on other threads. */
SKM_API skm_status skm_simd_cap(int32_t level);
/* Worker threads used by large kernels (1 = the calling thread only).
 * The WASM builds are single-threaded and always report 1. */
SKM_API int32_t skm_threads(void);
SKM_API skm_status skm_set_threads(int32_t n);

/* Cancellation. Kernel calls made afterwards on the calling thread watch
 * *flag (NULL: watch nothing): long kernels read it between blocks (also on
 * their pool threads) and return SKM_ECANCELED soon after it becomes
 * non-zero, with their outputs unspecified. The flag is read with relaxed
 * atomic loads, so another thread may set it at any time. The WASM builds
 * are single-threaded: nothing can set the flag while a kernel runs there. */
SKM_API skm_status skm_cancel_flag(const int32_t* flag);

/* ---- dense (gemm.cc, gemv.cc) -------------------------------------------- */

/* C = alpha * op(A) * op(B) + beta * C, row-major.
 * op(A) is m x k: A is m x k (lda >= k) or, with transA, k x m (lda >= m).
 * op(B) is k x n: B is k x n (ldb >= n) or, with transB, n x k (ldb >= k).
 * C is m x n (ldc >= n). When beta == 0, C is not read (NaN in C is ignored,
 * as in BLAS). When k == 0 or alpha == 0, A and B are not read.
 * C must not overlap A or B. */
SKM_API skm_status skm_gemm_f32(int32_t transA, int32_t transB, skm_int m,
                                skm_int n, skm_int k, float alpha,
                                const float* A, skm_int lda, const float* B,
                                skm_int ldb, float beta, float* C, skm_int ldc);
SKM_API skm_status skm_gemm_f64(int32_t transA, int32_t transB, skm_int m,
                                skm_int n, skm_int k, double alpha,
                                const double* A, skm_int lda, const double* B,
                                skm_int ldb, double beta, double* C,
                                skm_int ldc);

/* y = alpha * op(A) * x + beta * y. A is m x n row-major (lda >= n);
 * op(A) = A (x has n entries, y has m) or, with trans, A^T (x: m, y: n).
 * incx, incy >= 1. When beta == 0, y is not read. y must not overlap A or x. */
SKM_API skm_status skm_gemv_f32(int32_t trans, skm_int m, skm_int n,
                                float alpha, const float* A, skm_int lda,
                                const float* x, skm_int incx, float beta,
                                float* y, skm_int incy);
SKM_API skm_status skm_gemv_f64(int32_t trans, skm_int m, skm_int n,
                                double alpha, const double* A, skm_int lda,
                                const double* x, skm_int incx, double beta,
                                double* y, skm_int incy);

/* One pass over A for a Golub-Kahan (LSQR) step:
 *   y <- A * x + beta * y   (A is m x n row-major, lda >= n; x has n entries,
 *                            y has m; when beta == 0, y is not read)
 *   z <- A^T * y            (z has n entries; the new y)
 *   *ssq <- sum of y_i^2    (in double)
 * Each group of rows is read once for both products. The bits do not depend
 * on the thread count. x, y, z must not overlap each other or A. */
SKM_API skm_status skm_gemv_fused_f32(skm_int m, skm_int n, const float* A, skm_int lda,
                                      const float* x, float beta, float* y, float* z,
                                      double* ssq);
SKM_API skm_status skm_gemv_fused_f64(skm_int m, skm_int n, const double* A, skm_int lda,
                                      const double* x, double beta, double* y, double* z,
                                      double* ssq);

/* ---- randomness (philox.cc, random_fill.cc; see native/kernels/RANDOM.md) -- */

/* One Philox4x32-10 block: out = Philox(ctr, key). */
SKM_API skm_status skm_philox4x32(const uint32_t* ctr4, const uint32_t* key2,
                                  uint32_t* out4);

/* Distributions of the random fills; the value doubles as the `kind` word of
 * the Philox counter, so different distributions never share a stream. */
enum {
  SKM_DIST_UNIFORM = 1,    /* [0, 1) */
  SKM_DIST_GAUSSIAN = 2,   /* N(0, 1) */
  SKM_DIST_RADEMACHER = 3  /* +-1 */
};

/* Writes entries (row0 + r, col0 + c) of the random matrix named by
 * (seed, stream, dist) to out[r * ldo + c] for r < rows, c < cols,
 * times `scale` (in f64, before any rounding to f32). Each entry depends only on (seed, stream, dist, i, j):
 * any block can be made without the rest. The f32 value is the f64 value
 * rounded to nearest (uniform: then kept strictly below |scale|, i.e. below 1
 * when scale = 1). Requires row0 + rows <= 2^32, col0 + cols <= 2^32,
 * seed_hi < 2^21. */
SKM_API skm_status skm_random_fill_f32(int32_t dist, uint32_t seed_lo,
                                       uint32_t seed_hi, uint32_t stream,
                                       uint32_t row0, uint32_t col0,
                                       skm_int rows, skm_int cols, double scale,
                                       float* out, skm_int ldo);
SKM_API skm_status skm_random_fill_f64(int32_t dist, uint32_t seed_lo,
                                       uint32_t seed_hi, uint32_t stream,
                                       uint32_t row0, uint32_t col0,
                                       skm_int rows, skm_int cols, double scale,
                                       double* out, skm_int ldo);

/* ---- sketching (fwht.cc, sparse_sign.cc, ...) ------------------------------ */

/* Sketching operators S (k x n), each named by (kind, k, n, param, seed); see
 * native/kernels/SKETCH.md for the exact entries. S is never stored densely:
 * kernels generate the pieces they need. `param` is nnz for sparse sign
 * (1..k; 1 is CountSketch), the density p in (0, 1] for very sparse, the
 * degree (>= 1) for TensorSketch, and ignored otherwise. For TensorSketch the
 * operator's column count is n^degree (apply and dense take that many
 * columns); project takes rows of length n.
 * CSR operands: indptr has rows + 1 entries, 0 = indptr[0] <= ... and
 * indptr[rows] = nnz; indices are column numbers < cols; a kernel checks
 * both and returns SKM_EINVAL (outputs untouched) if they are broken.
 * Unlike the dense kernels, a sketch kernel that runs out of memory part way
 * (SKM_ENOMEM after its first block) may leave `out` partly written. */
enum {
  SKM_SKETCH_GAUSSIAN = 1,    /* N(0, 1/k) */
  SKM_SKETCH_RADEMACHER = 2,  /* +-1/sqrt(k) */
  SKM_SKETCH_SPARSE_SIGN = 3, /* nnz distinct rows per column, +-1/sqrt(nnz) */
  SKM_SKETCH_VERY_SPARSE = 4, /* Bernoulli(p) entries, +-1/sqrt(k p) */
  SKM_SKETCH_SRHT = 5,        /* sqrt(n2/k) R H D */
  SKM_SKETCH_TENSOR = 6       /* TensorSketch of x (x) ... (x) x */
};

/* out (k x cols) = columns col0 .. col0+cols-1 of S. */
SKM_API skm_status skm_sketch_dense_f32(int32_t kind, skm_int k, skm_int n,
                                        double param, uint32_t seed_lo,
                                        uint32_t seed_hi, skm_int col0,
                                        skm_int cols, float* out, skm_int ldo);
SKM_API skm_status skm_sketch_dense_f64(int32_t kind, skm_int k, skm_int n,
                                        double param, uint32_t seed_lo,
                                        uint32_t seed_hi, skm_int col0,
                                        skm_int cols, double* out,
                                        skm_int ldo);
/* out (k x d) = S[:, row0 : row0+rows] * B, B dense rows x d (ldb >= d).
 * out is overwritten (not read). */
SKM_API skm_status skm_sketch_apply_f32(int32_t kind, skm_int k, skm_int n,
                                        double param, uint32_t seed_lo,
                                        uint32_t seed_hi, skm_int row0,
                                        skm_int rows, skm_int d,
                                        const float* B, skm_int ldb,
                                        float* out, skm_int ldo);
SKM_API skm_status skm_sketch_apply_f64(int32_t kind, skm_int k, skm_int n,
                                        double param, uint32_t seed_lo,
                                        uint32_t seed_hi, skm_int row0,
                                        skm_int rows, skm_int d,
                                        const double* B, skm_int ldb,
                                        double* out, skm_int ldo);
/* As apply, with B in CSR (rows x d). */
SKM_API skm_status skm_sketch_apply_csr_f32(
    int32_t kind, skm_int k, skm_int n, double param, uint32_t seed_lo,
    uint32_t seed_hi, skm_int row0, skm_int rows, skm_int d,
    const int32_t* indptr, const int32_t* indices, const float* data,
    float* out, skm_int ldo);
SKM_API skm_status skm_sketch_apply_csr_f64(
    int32_t kind, skm_int k, skm_int n, double param, uint32_t seed_lo,
    uint32_t seed_hi, skm_int row0, skm_int rows, skm_int d,
    const int32_t* indptr, const int32_t* indices, const double* data,
    double* out, skm_int ldo);
/* out (N x k) = X * S^T, X dense N x n (TensorSketch: the sketch of each
 * row's tensor power). out is overwritten. */
SKM_API skm_status skm_sketch_project_f32(int32_t kind, skm_int k, skm_int n,
                                          double param, uint32_t seed_lo,
                                          uint32_t seed_hi, skm_int N,
                                          const float* X, skm_int ldx,
                                          float* out, skm_int ldo);
SKM_API skm_status skm_sketch_project_f64(int32_t kind, skm_int k, skm_int n,
                                          double param, uint32_t seed_lo,
                                          uint32_t seed_hi, skm_int N,
                                          const double* X, skm_int ldx,
                                          double* out, skm_int ldo);
/* As project, with X in CSR (N x n). */
SKM_API skm_status skm_sketch_project_csr_f32(
    int32_t kind, skm_int k, skm_int n, double param, uint32_t seed_lo,
    uint32_t seed_hi, skm_int N, const int32_t* indptr,
    const int32_t* indices, const float* data, float* out, skm_int ldo);
SKM_API skm_status skm_sketch_project_csr_f64(
    int32_t kind, skm_int k, skm_int n, double param, uint32_t seed_lo,
    uint32_t seed_hi, skm_int N, const int32_t* indptr,
    const int32_t* indices, const double* data, double* out, skm_int ldo);

/* In-place fast Walsh-Hadamard transform of each of `rows` rows of length n
 * (a power of two), row r at x + r * ldx. Unnormalized (entries of H are
 * +-1) unless `normalize`, which multiplies by 1/sqrt(n). */
SKM_API skm_status skm_fwht_f32(skm_int rows, skm_int n, float* x,
                                skm_int ldx, int32_t normalize);
SKM_API skm_status skm_fwht_f64(skm_int rows, skm_int n, double* x,
                                skm_int ldx, int32_t normalize);

#ifdef __cplusplus
}  /* extern "C" */
#endif

/* Each capability declares its kernels in a header of its own, under the
 * same conventions; the WASM export list and the addon's doors take every
 * SKM_API line of native/include/. */

#endif /* SKETCHMAT_H_ */
