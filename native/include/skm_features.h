/* sketchmat C ABI: features (SimHash sign packing, Hamming top-k, the
 * cos/sin of random Fourier features).
 * Same conventions as sketchmat.h: sizes are skm_int, every size is checked
 * (SKM_EINVAL, outputs untouched), no function throws. */
#ifndef SKM_FEATURES_H_
#define SKM_FEATURES_H_

#include "sketchmat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- vector codes (hamming.cc) ------------------------------------------ */

/* Binary codes: a row of `bits` signs packed into words = bits / 32 uint32
 * words; bit b of word w is sign 32 w + b (1 when the value is > 0; NaN,
 * -0 and 0 give 0). bits is a positive multiple of 32, at most 65504 (a
 * Hamming distance fits a uint16). */

/* codes[r * words + w] = the packed signs of X[r * ldx + 0 .. bits-1] for
 * r < N (ldx >= bits). */
SKM_API skm_status skm_sign_pack_f32(skm_int N, skm_int bits, const float* X,
                                     skm_int ldx, uint32_t* codes);
SKM_API skm_status skm_sign_pack_f64(skm_int N, skm_int bits, const double* X,
                                     skm_int ldx, uint32_t* codes);

/* For each of the Q query codes (queries, Q x words), the k nearest of the
 * n codes (codes, n x words) in Hamming distance: indices[q * k + j] and
 * distances[q * k + j] for j < k, ascending distance, ties by the lower
 * index. Requires 0 <= k <= n <= 2^31 - 1 and words * 32 <= 65504. The
 * result does not depend on the number of threads. Polls the cancellation
 * flag between blocks of codes (SKM_ECANCELED: outputs unspecified). */
SKM_API skm_status skm_hamming_topk(skm_int n, skm_int words,
                                    const uint32_t* codes, skm_int Q,
                                    const uint32_t* queries, skm_int k,
                                    int32_t* indices, uint16_t* distances);

/* ---- random features (rff.cc) ------------------------------------------- */

/* out[i * ldo + j] = cos(Z[i * ldz + j]) * scale and
 * out[i * ldo + m + j] = sin(Z[i * ldz + j]) * scale, for i < N, j < m
 * (ldz >= m, ldo >= 2 m). At most 3 ULP from the exact values on
 * [-39000, 39000] (elsewhere, and for NaN / Inf, the C library's cos / sin);
 * the same on every thread count. out must not overlap Z. Polls the
 * cancellation flag between blocks of rows. */
SKM_API skm_status skm_cos_sin_f32(skm_int N, skm_int m, const float* Z,
                                   skm_int ldz, double scale, float* out,
                                   skm_int ldo);
SKM_API skm_status skm_cos_sin_f64(skm_int N, skm_int m, const double* Z,
                                   skm_int ldz, double scale, double* out,
                                   skm_int ldo);


/* ---- positive random features (positive.cc) ----------------------------- */

/* out[i * ldo + j] = scale * exp(e_ij - c_i) for i < N, j < m, where
 * e_ij = Z[i * ldz + j] - shift[i] and c_i = max_j e_ij when row_max != 0
 * (so the largest value of a row is exactly scale; NaN entries are skipped
 * by the max), c_i = 0 when row_max == 0. (ldz >= m, ldo >= m, row_max 0 or
 * 1.) At most a few ULP from the exact value where the result is a normal
 * number; exp of a NaN is NaN. The same on every thread count. out must not
 * overlap Z or shift. Polls the cancellation flag between blocks of rows. */
SKM_API skm_status skm_exp_rows_f32(skm_int N, skm_int m, const float* Z,
                                    skm_int ldz, const float* shift,
                                    int32_t row_max, double scale, float* out,
                                    skm_int ldo);
SKM_API skm_status skm_exp_rows_f64(skm_int N, skm_int m, const double* Z,
                                    skm_int ldz, const double* shift,
                                    int32_t row_max, double scale, double* out,
                                    skm_int ldo);

/* ---- graph propagation (propagate.cc) ----------------------------------- */

/* One step of FastRP's propagation with a CSR matrix A (rows x cols:
 * indptr, rows + 1 entries; indices and data, indptr[rows] entries each) and
 * a dense X (cols x k, row stride ldx):
 *   Y[i * ldy + t]    = row_scale[i] * sum_p data[p] * X[indices[p] * ldx + t]
 *   acc[i * ldacc + t] += weight * Y[i * ldy + t]
 * for i < rows, t < k, p in [indptr[i], indptr[i + 1]). Requires indptr[0]
 * == 0, indptr non-decreasing, every index in [0, cols), ld* >= k; checked
 * before anything is written (SKM_EINVAL, outputs untouched). Y and acc must
 * not overlap X or each other. Each row is summed in index order by one
 * thread: the result does not depend on the thread count. Polls the
 * cancellation flag between blocks of rows. */
SKM_API skm_status skm_csr_propagate_f32(skm_int rows, skm_int cols,
                                         const int32_t* indptr,
                                         const int32_t* indices,
                                         const float* data, skm_int k,
                                         const float* X, skm_int ldx,
                                         const float* row_scale, float* Y,
                                         skm_int ldy, double weight,
                                         float* acc, skm_int ldacc);
SKM_API skm_status skm_csr_propagate_f64(skm_int rows, skm_int cols,
                                         const int32_t* indptr,
                                         const int32_t* indices,
                                         const double* data, skm_int k,
                                         const double* X, skm_int ldx,
                                         const double* row_scale, double* Y,
                                         skm_int ldy, double weight,
                                         double* acc, skm_int ldacc);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* SKM_FEATURES_H_ */
