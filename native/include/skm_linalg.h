/* sketchmat C ABI: dense factorizations (cholesky.cc, trsm.cc, qr.cc,
 * eigh.cc, svd.cc). Conventions as in sketchmat.h: row-major, leading
 * dimensions in elements, sizes as skm_int, an skm_status from every call,
 * SKM_EINVAL for inconsistent arguments with outputs untouched. Long loops
 * poll the cancellation flag between blocks (SKM_ECANCELED, outputs
 * unspecified). The blocked updates run through skm_gemm_*.
 */
#ifndef SKETCHMAT_LINALG_H_
#define SKETCHMAT_LINALG_H_

#include "sketchmat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Cholesky factorization of the symmetric n x n matrix A, in place.
 * lower != 0: A = L L^T, L written over the lower triangle (upper triangle
 * neither read nor written); lower == 0: A = U^T U over the upper triangle.
 * info[0] (an int32) reports what LAPACK's potrf reports: 0 when A is
 * positive definite, else j + 1 where pivot j (0-based) was not positive
 * (or NaN): the leading minor of order j + 1 is not positive definite and A
 * is partly overwritten. Returning that through an output, not the status,
 * lets every backend carry the pivot (a failed status drops the outputs). */
SKM_API skm_status skm_cholesky_f32(int32_t lower, skm_int n, float* A,
                                    skm_int lda, int32_t* info);
SKM_API skm_status skm_cholesky_f64(int32_t lower, skm_int n, double* A,
                                    skm_int lda, int32_t* info);

/* Triangular solve with many right-hand sides (BLAS trsm, left side, alpha 1):
 * op(T) X = B, B (n x nrhs, ldb >= nrhs) overwritten by X. T is n x n
 * (ldt >= n); only its lower (lower != 0) or upper triangle is read;
 * op(T) = T^T when trans != 0; unit != 0 takes the diagonal as ones (not
 * read). A zero diagonal gives IEEE infinities and NaNs, as in BLAS.
 * B must not overlap T. */
SKM_API skm_status skm_trsm_f32(int32_t lower, int32_t trans, int32_t unit,
                                skm_int n, skm_int nrhs, const float* T,
                                skm_int ldt, float* B, skm_int ldb);
SKM_API skm_status skm_trsm_f64(int32_t lower, int32_t trans, int32_t unit,
                                skm_int n, skm_int nrhs, const double* T,
                                skm_int ldt, double* B, skm_int ldb);

/* Householder QR of the m x n matrix A in place (LAPACK geqrf, blocked,
 * compact WY): with k = min(m, n), R (k x n, upper trapezoidal) is written
 * over A's upper triangle and the reflectors' vectors below the diagonal
 * (v_j has an implicit 1 at row j); tau (k entries) holds their scales:
 * H_j = I - tau_j v_j v_j^T, A = H_0 ... H_{k-1} R. R's diagonal has
 * either sign (as LAPACK). */
SKM_API skm_status skm_qr_f32(skm_int m, skm_int n, float* A, skm_int lda,
                              float* tau);
SKM_API skm_status skm_qr_f64(skm_int m, skm_int n, double* A, skm_int lda,
                              double* tau);

/* The explicit m x n Q = H_0 ... H_{k-1} [I; 0] (LAPACK orgqr) from k
 * reflectors as skm_qr_* left them in V (m x k at ldv) and tau;
 * requires k <= n <= m. Q (ldq >= n) is overwritten; it must not overlap V. */
SKM_API skm_status skm_qr_q_f32(skm_int m, skm_int n, skm_int k,
                                const float* V, skm_int ldv, const float* tau,
                                float* Q, skm_int ldq);
SKM_API skm_status skm_qr_q_f64(skm_int m, skm_int n, skm_int k,
                                const double* V, skm_int ldv,
                                const double* tau, double* Q, skm_int ldq);

/* Eigen-decomposition of the symmetric n x n matrix whose lower triangle
 * A holds (the upper triangle is not read): A = V diag(w) V^T with w
 * ascending (n doubles) and V (n x n, ldv >= n) orthonormal, eigenvector i
 * in column i, signed so that its entry of largest magnitude (the first
 * one, on ties) is positive. Householder tridiagonalization, then implicit
 * QL with Wilkinson shifts. A matrix with a NaN or infinite entry gives
 * NaN in w and V. V must not overlap A. */
SKM_API skm_status skm_eigh_f32(skm_int n, const float* A, skm_int lda,
                                double* w, float* V, skm_int ldv);
SKM_API skm_status skm_eigh_f64(skm_int n, const double* A, skm_int lda,
                                double* w, double* V, skm_int ldv);

/* Thin SVD of the m x n matrix A: with k = min(m, n), A = U diag(s) Vt,
 * U m x k (ldu >= k) and Vt k x n (ldvt >= n) with orthonormal columns and
 * rows, s (k doubles) descending and >= 0. Each column of U is signed so
 * that its entry of largest magnitude (the first, on ties) is positive, the
 * matching row of Vt with it. Householder QR, then one-sided Jacobi on R^T
 * (accurate to a few ulps of each singular value times the condition
 * number). A matrix with a NaN or infinite entry gives NaN everywhere.
 * Outputs must not overlap A or each other. */
SKM_API skm_status skm_svd_f32(skm_int m, skm_int n, const float* A,
                               skm_int lda, float* U, skm_int ldu, double* s,
                               float* Vt, skm_int ldvt);
SKM_API skm_status skm_svd_f64(skm_int m, skm_int n, const double* A,
                               skm_int lda, double* U, skm_int ldu, double* s,
                               double* Vt, skm_int ldvt);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* SKETCHMAT_LINALG_H_ */
