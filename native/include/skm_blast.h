/* sketchmat C ABI: BLAST products (blast.cc). Conventions as in sketchmat.h:
 * row-major, leading dimensions in elements, sizes as skm_int, an skm_status
 * from every call, SKM_EINVAL for inconsistent arguments with outputs
 * untouched, SKM_ECANCELED when the watched flag is set (outputs unspecified).
 */
#ifndef SKETCHMAT_BLAST_H_
#define SKETCHMAT_BLAST_H_

#include "sketchmat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* BLAST product (Lee et al. 2024) Y = X A^T for the (b p) x (b q) matrix A
 * made of a b x b grid of p x q blocks
 *   A_ij = U_i diag(s_ij) V_j^T,
 * with U_i (p x r) shared along block row i and V_j (q x r) along block
 * column j. U holds the U_i stacked ((b p) x r, row-major), V the V_j
 * ((b q) x r), S the s_ij at S[(i b + j) r + c] (b b r entries). X is
 * batch x (b q) (ldx >= b q), Y is batch x (b p) (ldy >= b p); Y must not
 * overlap X, U, V or S. trans != 0 computes Y = X A instead (X batch x (b p),
 * Y batch x (b q)). The products U_i^T x_i / V_j^T x_j and the expansions go
 * through the GEMM (its threads); the diagonal mixing is O(b^2 r) a sample. */
SKM_API skm_status skm_blast_f32(int32_t trans, skm_int batch, skm_int b, skm_int p, skm_int q,
                                 skm_int r, const float* U, const float* V, const float* S,
                                 const float* X, skm_int ldx, float* Y, skm_int ldy);
SKM_API skm_status skm_blast_f64(int32_t trans, skm_int batch, skm_int b, skm_int p, skm_int q,
                                 skm_int r, const double* U, const double* V, const double* S,
                                 const double* X, skm_int ldx, double* Y, skm_int ldy);

#ifdef __cplusplus
}
#endif

#endif /* SKETCHMAT_BLAST_H_ */
