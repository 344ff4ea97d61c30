/* sketchmat C ABI: structured operators (monarch.cc). Conventions as in
 * sketchmat.h: row-major, leading dimensions in elements, sizes as skm_int,
 * an skm_status from every call, SKM_EINVAL for inconsistent arguments with
 * outputs untouched, SKM_ECANCELED when the watched flag is set (outputs
 * unspecified).
 */
#ifndef SKETCHMAT_STRUCTURED_H_
#define SKETCHMAT_STRUCTURED_H_

#include "sketchmat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Monarch product Y = X M^T (each row of X is a sample, as in a layer) for
 * the m x n Monarch matrix M = P L P^T R (Dao et al. 2022) with n = k p and
 * m = t q:
 *   M[(i1, i0), (j1, j0)] = L_{i0}[i1, j1] * R_{j1}[i0, j0],
 * rows indexed i = i1 t + i0 (i1 < q, i0 < t), columns j = j1 p + j0
 * (j1 < k, j0 < p). R holds the k blocks R_{j1} (t x p each) one after the
 * other (k t p entries, contiguous); L holds the t blocks L_{i0} (q x k each)
 * one after the other (t q k entries). X is batch x n (ldx >= n), Y is
 * batch x m (ldy >= m), Y must not overlap X, R or L. The permutations are
 * fused into the block products: the first writes its results where the
 * second reads them, the second writes straight to Y's strided columns.
 * trans != 0 computes Y = X M instead (X batch x m, Y batch x n; the same
 * rounds backwards). For n = b b with b blocks: k = t = p = q = b. */
SKM_API skm_status skm_monarch_f32(int32_t trans, skm_int batch, skm_int k, skm_int t,
                                   skm_int p, skm_int q, const float* R,
                                   const float* L, const float* X, skm_int ldx,
                                   float* Y, skm_int ldy);
SKM_API skm_status skm_monarch_f64(int32_t trans, skm_int batch, skm_int k, skm_int t,
                                   skm_int p, skm_int q, const double* R,
                                   const double* L, const double* X,
                                   skm_int ldx, double* Y, skm_int ldy);

/* The same product on blocks packed once (an operator keeps them): the
 * blocks laid out for the kernel's vectors, so a product does not redo that
 * (O(params), with its scratch, on every call). skm_monarch_pack_* writes
 * them for one direction (trans as for the product); len must be exactly
 *   forward: k p W(t) + t k W(q)      trans: t q W(k) + k t W(p)
 * elements, W(w) = w rounded up to a multiple of 16 (f32) or 8 (f64).
 * skm_monarch_packed_* takes the packed blocks, their len and trans, and
 * computes what skm_monarch_* does; any packed values are valid input. */
SKM_API skm_status skm_monarch_pack_f32(int32_t trans, skm_int k, skm_int t, skm_int p, skm_int q,
                                        const float* R, const float* L, float* packed, skm_int len);
SKM_API skm_status skm_monarch_pack_f64(int32_t trans, skm_int k, skm_int t, skm_int p, skm_int q,
                                        const double* R, const double* L, double* packed, skm_int len);
SKM_API skm_status skm_monarch_packed_f32(int32_t trans, skm_int batch, skm_int k, skm_int t,
                                          skm_int p, skm_int q, const float* packed, skm_int len,
                                          const float* X, skm_int ldx, float* Y, skm_int ldy);
SKM_API skm_status skm_monarch_packed_f64(int32_t trans, skm_int batch, skm_int k, skm_int t,
                                          skm_int p, skm_int q, const double* packed, skm_int len,
                                          const double* X, skm_int ldx, double* Y, skm_int ldy);

#ifdef __cplusplus
}
#endif

#endif /* SKETCHMAT_STRUCTURED_H_ */
