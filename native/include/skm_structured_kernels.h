/* sketchmat C ABI: the structured operators' sparse and FFT kernels
 * (fft_conv.cc, nm_sparse.cc, bsr.cc). Conventions as in sketchmat.h: row-major,
 * leading dimensions in elements, sizes as skm_int, an skm_status from every
 * call, SKM_EINVAL for inconsistent arguments with outputs untouched,
 * SKM_ECANCELED when the watched flag is set (outputs unspecified).
 */
#ifndef SKETCHMAT_STRUCTURED_KERNELS_H_
#define SKETCHMAT_STRUCTURED_KERNELS_H_

#include "sketchmat.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A circular-convolution plan of length L (a power of two, 1 <= L <= 2^28):
 * writes plan[0 .. 4L) = the stage twiddles (cos, then sin; L - 1 each, one
 * pad each) and the length-L DFT of h (h[0 .. hlen) then zeros; hlen <= L),
 * real parts then imaginary parts, in bit-reversed order. It is what
 * skm_fft_conv_* multiplies by; compute it once per operator. */
SKM_API skm_status skm_fft_conv_plan(skm_int L, skm_int hlen, const double* h,
                                     double* plan);

/* Y = X A^T (trans = 0) or Y = X A (trans = 1) for the m x n matrix
 *   A[i, j] = h[(i - j + off) mod L]
 * with h the plan's kernel (skm_fft_conv_plan of the same L), by FFTs of
 * length L: each pair of samples is one complex transform. A Toeplitz matrix
 * T[i, j] = c[i - j] (i >= j), r[j - i] (j > i) is h = (r[n-1], ..., r[1],
 * c[0], ..., c[m-1]) with off = n - 1 and any L >= m + n - 1; a circulant
 * one of size L is h = c, off = 0. Requires m, n <= L and off < L (L >= 1).
 * Forward: X is batch x n (ldx >= n), Y batch x m (ldy >= m); trans: X batch
 * x m, Y batch x n. Y must not overlap X or the plan. Arithmetic in f64. */
SKM_API skm_status skm_fft_conv_f32(int32_t trans, skm_int batch, skm_int m,
                                    skm_int n, skm_int off, skm_int L,
                                    const double* plan, const float* X,
                                    skm_int ldx, float* Y, skm_int ldy);
SKM_API skm_status skm_fft_conv_f64(int32_t trans, skm_int batch, skm_int m,
                                    skm_int n, skm_int off, skm_int L,
                                    const double* plan, const double* X,
                                    skm_int ldx, double* Y, skm_int ldy);

/* N:M semi-structured sparse products: Y = X A^T (trans = 0) or Y = X A
 * (trans = 1) for the rows x cols matrix A whose every row keeps, in each
 * group of m consecutive columns, n entries (1 <= n <= m <= 255; cols a
 * multiple of m). Row i's per = (cols / m) n kept values are
 * values[i per .. (i + 1) per), in column order; their positions inside their
 * groups are packed at b = ceil(log2 m) bits each (0 bits when m = 1) as a
 * little-endian bit stream per row: row i's stream starts at byte
 * i * rowBytes, rowBytes = ceil(per b / 8), and the e-th position of the row
 * is bits [e b, e b + b) of it. Every position must be below m (checked
 * before anything is written; SKM_EINVAL otherwise); unused bits are
 * ignored. Forward: X is batch x cols, Y batch x rows; trans: X batch x rows,
 * Y batch x cols. Y must not overlap the other arrays. */
SKM_API skm_status skm_nm_sparse_f32(int32_t trans, skm_int batch, skm_int rows,
                                     skm_int cols, skm_int n, skm_int m,
                                     const float* values,
                                     const uint8_t* positions, const float* X,
                                     skm_int ldx, float* Y, skm_int ldy);
SKM_API skm_status skm_nm_sparse_f64(int32_t trans, skm_int batch, skm_int rows,
                                     skm_int cols, skm_int n, skm_int m,
                                     const double* values,
                                     const uint8_t* positions, const double* X,
                                     skm_int ldx, double* Y, skm_int ldy);

/* Block sparse (BSR) products: Y = X A^T (trans = 0) or Y = X A (trans = 1)
 * for the (mb br) x (nb bc) matrix A made of br x bc dense blocks: block row
 * I holds the blocks k in [indptr[I], indptr[I + 1]), block k at block
 * column indices[k] with its entries blocks[k br bc ..) row-major. indptr
 * has mb + 1 entries, starts at 0, never decreases and ends at nnzb; every
 * index is in [0, nb) (all checked before anything is written; SKM_EINVAL
 * otherwise). Repeated block columns in a row add up. br = bc = 1 is CSR.
 * Forward: X is batch x (nb bc), Y batch x (mb br); trans: X batch x (mb br),
 * Y batch x (nb bc). Y must not overlap the other arrays. */
SKM_API skm_status skm_bsr_f32(int32_t trans, skm_int batch, skm_int mb, skm_int nb,
                               skm_int br, skm_int bc, skm_int nnzb,
                               const int32_t* indptr, const int32_t* indices,
                               const float* blocks, const float* X, skm_int ldx,
                               float* Y, skm_int ldy);
SKM_API skm_status skm_bsr_f64(int32_t trans, skm_int batch, skm_int mb, skm_int nb,
                               skm_int br, skm_int bc, skm_int nnzb,
                               const int32_t* indptr, const int32_t* indices,
                               const double* blocks, const double* X, skm_int ldx,
                               double* Y, skm_int ldy);

#ifdef __cplusplus
}
#endif

#endif /* SKETCHMAT_STRUCTURED_KERNELS_H_ */
