// BLAST products Y = X A^T and Y = X A (skm_blast.h), A_ij = U_i diag(s_ij) V_j^T.
//
// A chunk of samples goes through three stages:
//   Z_j = X_j V_j          (chunk x r per input block j: one GEMM each)
//   W_i = sum_j s_ij . Z_j (elementwise: the diagonal mixing, O(b^2 r) a sample)
//   Y_i = W_i U_i^T        (one GEMM per output block i, written into Y's columns)
// Y = X A runs the same stages with U and V swapped and s_ij read as s_ji.
// Plain C++ (no Highway): nearly all flops are the GEMM's (2 r (m + n) a
// sample against b^2 r for the mixing), and the mixing loop is a contiguous
// multiply-add the compiler vectorizes. Chunks bound the scratch (chunk x b r)
// and are where cancellation is polled; the GEMM threads each product.
#include <cstddef>
#include <cstdint>

#include "alloc.h"
#include "cancel.h"
#include "guarded.h"
#include "linalg_util.h"
#include "skm_blast.h"

namespace skm {
namespace {

constexpr skm_int kChunk = 256;

bool FitsProduct(skm_int a, skm_int b) {
  skm_int r;
  return !__builtin_mul_overflow(a, b, &r);
}

template <typename T>
skm_status BlastRun(bool trans, skm_int batch, skm_int b, skm_int p, skm_int q, skm_int r,
                    const T* U, const T* V, const T* S, const T* X, skm_int ldx, T* Y,
                    skm_int ldy) {
  // Input side: blocks of nin rows of the basis Bin; output side: nout rows of Bout.
  const skm_int nin = trans ? p : q, nout = trans ? q : p;
  const T* Bin = trans ? U : V;
  const T* Bout = trans ? V : U;
  const skm_int chunk = batch < kChunk ? batch : kChunk;
  const skm_int br = b * r;
  linalg::Scratch<T> z(Count({uint64_t(chunk), uint64_t(br)}));
  linalg::Scratch<T> w(Count({uint64_t(chunk), uint64_t(r)}));
  if (z.p == nullptr || w.p == nullptr) return SKM_ENOMEM;
  for (skm_int row0 = 0; row0 < batch; row0 += chunk) {
    if (Cancelled()) return SKM_ECANCELED;
    const skm_int nc = batch - row0 < chunk ? batch - row0 : chunk;
    const T* x = X + row0 * ldx;
    T* y = Y + row0 * ldy;
    for (skm_int j = 0; j < b; ++j) {
      const skm_status st = linalg::Gemm(false, false, nc, r, nin, T(1), x + j * nin, ldx,
                                         Bin + j * nin * r, r, T(0), z.p + j * r, br);
      if (st != SKM_OK) return st;
    }
    for (skm_int i = 0; i < b; ++i) {
      if (Cancelled()) return SKM_ECANCELED;
      for (skm_int s = 0; s < nc; ++s) {
        T* ws = w.p + s * r;
        const T* zs = z.p + s * br;
        for (skm_int c = 0; c < r; ++c) ws[c] = T(0);
        for (skm_int j = 0; j < b; ++j) {
          // Forward: block row i mixes the input blocks j with s_ij; transposed:
          // output block i (a block column of A) mixes the input blocks j with s_ji.
          const T* sij = S + (trans ? j * b + i : i * b + j) * r;
          const T* zj = zs + j * r;
          for (skm_int c = 0; c < r; ++c) ws[c] += sij[c] * zj[c];
        }
      }
      const skm_status st = linalg::Gemm(false, true, nc, nout, r, T(1), w.p, r,
                                         Bout + i * nout * r, r, T(0), y + i * nout, ldy);
      if (st != SKM_OK) return st;
    }
  }
  return SKM_OK;
}

template <typename T>
skm_status Blast(int32_t trans, skm_int batch, skm_int b, skm_int p, skm_int q, skm_int r,
                 const T* U, const T* V, const T* S, const T* X, skm_int ldx, T* Y, skm_int ldy) {
  if (trans != 0 && trans != 1) return SKM_EINVAL;
  if (batch < 0 || b < 0 || p < 0 || q < 0 || r < 0 || ldx < 0 || ldy < 0) return SKM_EINVAL;
  if (!FitsProduct(b, p) || !FitsProduct(b, q) || !FitsProduct(b, b)) return SKM_EINVAL;
  if (!FitsProduct(b * p, r) || !FitsProduct(b * q, r) || !FitsProduct(b * b, r)) return SKM_EINVAL;
  const skm_int n = trans ? b * p : b * q, m = trans ? b * q : b * p;
  if (batch > 0 && (ldx < n || ldy < m)) return SKM_EINVAL;
  if (batch > 0 && (!FitsProduct(batch - 1, ldx) || !FitsProduct(batch - 1, ldy))) return SKM_EINVAL;
  if (batch == 0 || m == 0) return SKM_OK;
  if (Y == nullptr) return SKM_EINVAL;
  if (n == 0 || r == 0) {
    // No inner dimension: Y = 0, nothing else is read.
    for (skm_int s = 0; s < batch; ++s)
      for (skm_int i = 0; i < m; ++i) Y[s * ldy + i] = T(0);
    return SKM_OK;
  }
  if (U == nullptr || V == nullptr || S == nullptr || X == nullptr) return SKM_EINVAL;
  return BlastRun<T>(trans != 0, batch, b, p, q, r, U, V, S, X, ldx, Y, ldy);
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_blast_f32(int32_t trans, skm_int batch, skm_int b, skm_int p, skm_int q,
                                 skm_int r, const float* U, const float* V, const float* S,
                                 const float* X, skm_int ldx, float* Y, skm_int ldy) {
  return skm::Guarded([&] { return skm::Blast<float>(trans, batch, b, p, q, r, U, V, S, X, ldx, Y, ldy); });
}

SKM_API skm_status skm_blast_f64(int32_t trans, skm_int batch, skm_int b, skm_int p, skm_int q,
                                 skm_int r, const double* U, const double* V, const double* S,
                                 const double* X, skm_int ldx, double* Y, skm_int ldy) {
  return skm::Guarded([&] { return skm::Blast<double>(trans, batch, b, p, q, r, U, V, S, X, ldx, Y, ldy); });
}

}  // extern "C"
