// Cholesky factorization A = L L^T (or U^T U), blocked right-looking.
//
// For each diagonal block of kNb columns: factor the block with the columns
// left of it already subtracted (unblocked, dot products along rows), solve
// the panel below it against L11^T (row by row, again along rows), then
// subtract panel * panel^T from the trailing lower triangle through the GEMM,
// one block row at a time so that nothing above the diagonal is written (the
// diagonal blocks go through a small scratch). The panel is copied to
// scratch first: the GEMM reads it while writing other columns of the same
// rows. The upper case transposes the square in place, factors the lower
// triangle and transposes back, so each triangle ends where it started.
#include <cmath>

#include "cancel.h"
#include "guarded.h"
#include "linalg_util.h"
#include "skm_linalg.h"

namespace skm {
namespace {

using linalg::Scratch;

constexpr skm_int kNb = 64;

template <typename T>
void SwapTriangles(skm_int n, T* A, skm_int lda) {
  for (skm_int i = 0; i < n; ++i) {
    for (skm_int j = 0; j < i; ++j) {
      const T t = A[i * lda + j];
      A[i * lda + j] = A[j * lda + i];
      A[j * lda + i] = t;
    }
  }
}

// Factors the lower triangle; returns SKM_OK with *info set, or an error.
template <typename T>
skm_status FactorLower(skm_int n, T* A, skm_int lda, int32_t* info) {
  *info = 0;
  Scratch<T> panel(Count({uint64_t(n), uint64_t(kNb)}));
  Scratch<T> diag(Count({uint64_t(kNb), uint64_t(kNb)}));
  if (!panel.p || !diag.p) return SKM_ENOMEM;
  for (skm_int k0 = 0; k0 < n; k0 += kNb) {
    if (Cancelled()) return SKM_ECANCELED;
    const skm_int k1 = k0 + kNb < n ? k0 + kNb : n, kb = k1 - k0;
    // Diagonal block (its left part, columns < k0, was subtracted already).
    for (skm_int j = k0; j < k1; ++j) {
      T* rj = A + j * lda;
      const T d = rj[j] - linalg::Dot(j - k0, rj + k0, rj + k0);
      if (!(d > T(0))) {  // also NaN
        *info = static_cast<int32_t>(j + 1);
        return SKM_OK;
      }
      const T ljj = std::sqrt(d);
      rj[j] = ljj;
      for (skm_int i = j + 1; i < k1; ++i) {
        T* ri = A + i * lda;
        ri[j] = (ri[j] - linalg::Dot(j - k0, ri + k0, rj + k0)) / ljj;
      }
    }
    if (k1 == n) break;
    // Panel: rows below, L21 = A21 L11^-T, one row at a time.
    for (skm_int i = k1; i < n; ++i) {
      T* ri = A + i * lda;
      for (skm_int j = k0; j < k1; ++j) {
        const T* rj = A + j * lda;
        ri[j] = (ri[j] - linalg::Dot(j - k0, ri + k0, rj + k0)) / rj[j];
      }
    }
    const skm_int nr = n - k1;
    T* P = panel.p;
    for (skm_int i = 0; i < nr; ++i) {
      for (skm_int j = 0; j < kb; ++j) P[i * kb + j] = A[(k1 + i) * lda + k0 + j];
    }
    // Trailing lower triangle -= P P^T, by block rows of kNb.
    for (skm_int i0 = 0; i0 < nr; i0 += kNb) {
      const skm_int i1 = i0 + kNb < nr ? i0 + kNb : nr, ib = i1 - i0;
      T* rowBlock = A + (k1 + i0) * lda + k1;
      if (i0 > 0) {
        const skm_status st = linalg::Gemm(false, true, ib, i0, kb, T(-1), P + i0 * kb, kb, P, kb, T(1),
                                           rowBlock, lda);
        if (st != SKM_OK) return st;
      }
      const skm_status st = linalg::Gemm(false, true, ib, ib, kb, T(1), P + i0 * kb, kb, P + i0 * kb, kb,
                                         T(0), diag.p, ib);
      if (st != SKM_OK) return st;
      for (skm_int i = 0; i < ib; ++i) {
        for (skm_int j = 0; j <= i; ++j) rowBlock[i * lda + i0 + j] -= diag.p[i * ib + j];
      }
    }
  }
  return SKM_OK;
}

template <typename T>
skm_status Cholesky(int32_t lower, skm_int n, T* A, skm_int lda, int32_t* info) {
  if (!linalg::IsFlag(lower) || n < 0 || info == nullptr) return SKM_EINVAL;
  if (!linalg::StoredOk(A, n, n, lda)) return SKM_EINVAL;
  if (n == 0) {
    *info = 0;
    return SKM_OK;
  }
  if (lower) return FactorLower(n, A, lda, info);
  SwapTriangles(n, A, lda);
  const skm_status st = FactorLower(n, A, lda, info);
  SwapTriangles(n, A, lda);
  return st;
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_cholesky_f32(int32_t lower, skm_int n, float* A, skm_int lda, int32_t* info) {
  return skm::Guarded([&] { return skm::Cholesky<float>(lower, n, A, lda, info); });
}
SKM_API skm_status skm_cholesky_f64(int32_t lower, skm_int n, double* A, skm_int lda, int32_t* info) {
  return skm::Guarded([&] { return skm::Cholesky<double>(lower, n, A, lda, info); });
}

}  // extern "C"
