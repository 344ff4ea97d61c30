// One step of FastRP's propagation (Chen et al. 2019): Y = diag(s) A X with
// A in CSR, and acc += weight * Y.
//
// The graph is the caller's: its structure is checked in full before any
// output is written (indptr from 0 and non-decreasing, every column index
// in range), and each index is checked again where it is used. Work is
// split into blocks of rows holding about the same number of nonzeros (a
// power-law graph's hubs would otherwise leave one thread with most of the
// work); a row is summed by one thread in index order, so the result does
// not depend on the thread count.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "cancel.h"
#include "guarded.h"
#include "parallel.h"
#include "skm_features.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "propagate.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <typename T>
void PropagateRowsT(size_t r0, size_t r1, size_t cols, const int32_t* indptr,
                    const int32_t* indices, const T* data, size_t k,
                    const T* X, size_t ldx, const T* row_scale, T* Y,
                    size_t ldy, T weight, T* acc, size_t ldacc) {
  const hn::ScalableTag<T> d;
  const size_t N = hn::Lanes(d);
  const size_t kv = k - k % N;  // columns in whole vectors; the rest scalar
  const auto w = hn::Set(d, weight);
  for (size_t i = r0; i < r1; ++i) {
    T* y = Y + i * ldy;
    for (size_t t = 0; t < k; ++t) y[t] = T(0);
    const size_t p1 = size_t(indptr[i + 1]);
    for (size_t p = size_t(indptr[i]); p < p1; ++p) {
      const int32_t j = indices[p];
      if (j < 0 || size_t(j) >= cols) continue;  // checked before; never an address
      const T* x = X + size_t(j) * ldx;
      const auto a = hn::Set(d, data[p]);
      size_t t = 0;
      for (; t < kv; t += N) hn::StoreU(hn::MulAdd(a, hn::LoadU(d, x + t), hn::LoadU(d, y + t)), d, y + t);
      for (; t < k; ++t) y[t] += data[p] * x[t];
    }
    const T si = row_scale[i];
    const auto s = hn::Set(d, si);
    T* o = acc + i * ldacc;
    size_t t = 0;
    for (; t < kv; t += N) {
      const auto v = hn::Mul(hn::LoadU(d, y + t), s);
      hn::StoreU(v, d, y + t);
      hn::StoreU(hn::MulAdd(w, v, hn::LoadU(d, o + t)), d, o + t);
    }
    for (; t < k; ++t) {
      y[t] *= si;
      o[t] += weight * y[t];
    }
  }
}

void PropagateRowsF32(size_t r0, size_t r1, size_t cols, const int32_t* indptr,
                      const int32_t* indices, const float* data, size_t k,
                      const float* X, size_t ldx, const float* row_scale,
                      float* Y, size_t ldy, float weight, float* acc,
                      size_t ldacc) {
  PropagateRowsT(r0, r1, cols, indptr, indices, data, k, X, ldx, row_scale, Y, ldy, weight, acc, ldacc);
}
void PropagateRowsF64(size_t r0, size_t r1, size_t cols, const int32_t* indptr,
                      const int32_t* indices, const double* data, size_t k,
                      const double* X, size_t ldx, const double* row_scale,
                      double* Y, size_t ldy, double weight, double* acc,
                      size_t ldacc) {
#if HWY_HAVE_FLOAT64
  PropagateRowsT(r0, r1, cols, indptr, indices, data, k, X, ldx, row_scale, Y, ldy, weight, acc, ldacc);
#else
  // Highway 1.0's WASM has no f64 lanes: the same sums, one element at a time.
  for (size_t i = r0; i < r1; ++i) {
    double* y = Y + i * ldy;
    for (size_t t = 0; t < k; ++t) y[t] = 0;
    for (size_t p = size_t(indptr[i]); p < size_t(indptr[i + 1]); ++p) {
      const int32_t j = indices[p];
      if (j < 0 || size_t(j) >= cols) continue;
      const double* x = X + size_t(j) * ldx;
      for (size_t t = 0; t < k; ++t) y[t] += data[p] * x[t];
    }
    for (size_t t = 0; t < k; ++t) {
      y[t] *= row_scale[i];
      acc[i * ldacc + t] += weight * y[t];
    }
  }
#endif
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(PropagateRowsF32);
HWY_EXPORT(PropagateRowsF64);

namespace {

void DispatchRows(size_t r0, size_t r1, size_t cols, const int32_t* indptr,
                  const int32_t* indices, const float* data, size_t k,
                  const float* X, size_t ldx, const float* row_scale, float* Y,
                  size_t ldy, float weight, float* acc, size_t ldacc) {
  HWY_DYNAMIC_DISPATCH(PropagateRowsF32)(r0, r1, cols, indptr, indices, data, k, X, ldx, row_scale, Y, ldy, weight, acc, ldacc);
}
void DispatchRows(size_t r0, size_t r1, size_t cols, const int32_t* indptr,
                  const int32_t* indices, const double* data, size_t k,
                  const double* X, size_t ldx, const double* row_scale,
                  double* Y, size_t ldy, double weight, double* acc,
                  size_t ldacc) {
  HWY_DYNAMIC_DISPATCH(PropagateRowsF64)(r0, r1, cols, indptr, indices, data, k, X, ldx, row_scale, Y, ldy, weight, acc, ldacc);
}

// About this many multiply-adds per task (and per cancellation check).
constexpr size_t kWorkPerChunk = size_t(1) << 18;

template <typename T>
skm_status Propagate(skm_int rows, skm_int cols, const int32_t* indptr,
                     const int32_t* indices, const T* data, skm_int k,
                     const T* X, skm_int ldx, const T* row_scale, T* Y,
                     skm_int ldy, double weight, T* acc, skm_int ldacc) {
  if (rows < 0 || cols < 0 || k < 0 || ldx < 0 || ldy < 0 || ldacc < 0) return SKM_EINVAL;
  if (rows >= INT32_MAX || cols > INT32_MAX) return SKM_EINVAL;
  if (indptr == nullptr) return SKM_EINVAL;  // rows + 1 >= 1 entries
  if (k > 0 && (ldy < k || ldacc < k || (cols > 0 && ldx < k))) return SKM_EINVAL;
  const size_t n = size_t(rows);
  if (indptr[0] != 0) return SKM_EINVAL;
  for (size_t i = 0; i < n; ++i) {
    if (indptr[i + 1] < indptr[i]) return SKM_EINVAL;
  }
  const size_t nnz = size_t(indptr[n]);
  if (nnz > 0 && (indices == nullptr || data == nullptr)) return SKM_EINVAL;
  for (size_t p = 0; p < nnz; ++p) {
    if (indices[p] < 0 || indices[p] >= cols) return SKM_EINVAL;
  }
  if (n == 0 || k == 0) return SKM_OK;
  if (row_scale == nullptr || Y == nullptr || acc == nullptr || (nnz > 0 && X == nullptr)) return SKM_EINVAL;

  // Blocks of rows with about kWorkPerChunk multiply-adds each (a row costs
  // its nonzeros plus one for the scaling and the accumulation).
  const size_t kk = size_t(k);
  const size_t work = (nnz + n) * kk;
  const size_t chunks = HWY_MAX(size_t(1), HWY_MIN(n, (work + kWorkPerChunk - 1) / kWorkPerChunk));
  auto row_start = [&](size_t c) -> size_t {
    if (c == 0) return 0;
    if (c >= chunks) return n;
    // The first row i with indptr[i] + i >= c * (nnz + n) / chunks.
    const size_t target = size_t((double(c) * double(nnz + n)) / double(chunks));
    size_t lo = 0, hi = n;
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (size_t(indptr[mid]) + mid < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  bool cancelled = false;
  auto run = [&](size_t c) {
    if (Cancelled()) {
      cancelled = true;  // any writer stores the same value
      return;
    }
    const size_t r0 = row_start(c), r1 = row_start(c + 1);
    if (r0 < r1) {
      DispatchRows(r0, r1, size_t(cols), indptr, indices, data, kk, X, size_t(ldx), row_scale, Y, size_t(ldy),
                   static_cast<T>(weight), acc, size_t(ldacc));
    }
  };
  if (chunks == 1) run(0);
  else ParallelFor(chunks, run);
  return cancelled ? SKM_ECANCELED : SKM_OK;
}

}  // namespace
}  // namespace skm

extern "C" {
skm_status skm_csr_propagate_f32(skm_int rows, skm_int cols, const int32_t* indptr, const int32_t* indices,
                                 const float* data, skm_int k, const float* X, skm_int ldx, const float* row_scale,
                                 float* Y, skm_int ldy, double weight, float* acc, skm_int ldacc) {
  return skm::Guarded([&] {
    return skm::Propagate(rows, cols, indptr, indices, data, k, X, ldx, row_scale, Y, ldy, weight, acc, ldacc);
  });
}
skm_status skm_csr_propagate_f64(skm_int rows, skm_int cols, const int32_t* indptr, const int32_t* indices,
                                 const double* data, skm_int k, const double* X, skm_int ldx,
                                 const double* row_scale, double* Y, skm_int ldy, double weight, double* acc,
                                 skm_int ldacc) {
  return skm::Guarded([&] {
    return skm::Propagate(rows, cols, indptr, indices, data, k, X, ldx, row_scale, Y, ldy, weight, acc, ldacc);
  });
}
}  // extern "C"
#endif  // HWY_ONCE
