// Dense matrix-vector product: y = alpha * op(A) * x + beta * y (row-major A).
//
// No transpose: y[i] = alpha * dot(row i of A, x) + beta * y[i]. Rows are
// taken four at a time so each load of x feeds four rows; every row is summed
// with the same accumulator pattern whether it sits in a group of four or in
// the tail, so a row's bits do not depend on how rows are split.
// Transpose: y[j] = alpha * sum_i A[i, j] x[i] + beta * y[j]. Rows of A are
// streamed in order, eight at a time, into a column accumulator buffer; each
// column is summed in row order 0..m-1 whatever the blocking.
// Threads: no-transpose splits rows, transpose splits columns (in multiples
// of the vector length, so the vector/tail split of a column depends only on
// n); each task owns its outputs, so results do not depend on thread count.
// Both are memory-bound: the aim is to read A once, at full bandwidth.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "alloc.h"
#include "guarded.h"
#include "parallel.h"
#include "sketchmat.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "gemv.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#include "vec_ops-inl.h"

// Work below this many multiply-adds runs on the calling thread.
constexpr double kGemvParallelMin = double(1 << 18);

// out[r] = dot(a + r * lda, x) over n entries, for r < R. The summation order
// of a row depends only on n (two vector accumulators over 2N-wide steps, one
// N-wide step, lane sum, then the scalar tail in order).
template <size_t R, typename T>
HWY_INLINE void DotRows(size_t n, const T* HWY_RESTRICT a, size_t lda,
                        const T* HWY_RESTRICT x, T* HWY_RESTRICT out) {
  using Ops = VecOps<T>;
  using V = typename Ops::V;
  constexpr size_t N = Ops::kN;
  V acc0[R], acc1[R];
  for (size_t r = 0; r < R; ++r) {
    acc0[r] = Ops::Zero();
    acc1[r] = Ops::Zero();
  }
  size_t i = 0;
  for (; i + 2 * N <= n; i += 2 * N) {
    const V x0 = Ops::LoadU(x + i);
    const V x1 = Ops::LoadU(x + i + N);
    for (size_t r = 0; r < R; ++r) {
      acc0[r] = Ops::MulAdd(Ops::LoadU(a + r * lda + i), x0, acc0[r]);
      acc1[r] = Ops::MulAdd(Ops::LoadU(a + r * lda + i + N), x1, acc1[r]);
    }
  }
  if (i + N <= n) {
    const V x0 = Ops::LoadU(x + i);
    for (size_t r = 0; r < R; ++r) {
      acc0[r] = Ops::MulAdd(Ops::LoadU(a + r * lda + i), x0, acc0[r]);
    }
    i += N;
  }
  for (size_t r = 0; r < R; ++r) {
    T sum = Ops::Sum(Ops::Add(acc0[r], acc1[r]));
    for (size_t j = i; j < n; ++j) sum += a[r * lda + j] * x[j];
    out[r] = sum;
  }
}

template <typename T>
HWY_INLINE T Combine(T alpha, T dot, T beta, const T* y) {
  return beta == T(0) ? alpha * dot : alpha * dot + beta * *y;
}

// y[i] for rows [i0, i1); x contiguous.
template <typename T>
void GemvRows(size_t i0, size_t i1, size_t n, T alpha, const T* A, size_t lda,
              const T* x, T beta, T* y, size_t incy) {
  size_t i = i0;
  T dots[4];
  for (; i + 4 <= i1; i += 4) {
    DotRows<4>(n, A + i * lda, lda, x, dots);
    for (size_t r = 0; r < 4; ++r) {
      T* yi = y + (i + r) * incy;
      *yi = Combine(alpha, dots[r], beta, yi);
    }
  }
  for (; i < i1; ++i) {
    DotRows<1>(n, A + i * lda, lda, x, dots);
    T* yi = y + i * incy;
    *yi = Combine(alpha, dots[0], beta, yi);
  }
}

// acc[j - j0] = sum_i A[i, j] x[i] for columns [j0, j1) (j0 a multiple of
// Lanes; j1 too unless it is n).
template <typename T>
void GemvColumns(size_t j0, size_t j1, size_t m, const T* A, size_t lda,
                 const T* x, size_t incx, T* HWY_RESTRICT acc) {
  using Ops = VecOps<T>;
  using V = typename Ops::V;
  constexpr size_t N = Ops::kN;
  const size_t width = j1 - j0;
  const size_t vec_end = width - width % N;
  for (size_t j = 0; j < width; ++j) acc[j] = T(0);
  constexpr size_t kRows = 8;
  size_t i = 0;
  for (; i + kRows <= m; i += kRows) {
    V xv[kRows];
    const T* rows[kRows];
    for (size_t r = 0; r < kRows; ++r) {
      xv[r] = Ops::Set(x[(i + r) * incx]);
      rows[r] = A + (i + r) * lda + j0;
    }
    for (size_t j = 0; j < vec_end; j += N) {
      V s = Ops::LoadU(acc + j);
      for (size_t r = 0; r < kRows; ++r) {
        s = Ops::MulAdd(xv[r], Ops::LoadU(rows[r] + j), s);
      }
      Ops::StoreU(s, acc + j);
    }
    for (size_t j = vec_end; j < width; ++j) {
      T s = acc[j];
      for (size_t r = 0; r < kRows; ++r) s += x[(i + r) * incx] * rows[r][j];
      acc[j] = s;
    }
  }
  for (; i < m; ++i) {
    const V xv = Ops::Set(x[i * incx]);
    const T* row = A + i * lda + j0;
    for (size_t j = 0; j < vec_end; j += N) {
      Ops::StoreU(Ops::MulAdd(xv, Ops::LoadU(row + j), Ops::LoadU(acc + j)),
                  acc + j);
    }
    for (size_t j = vec_end; j < width; ++j) acc[j] += x[i * incx] * row[j];
  }
}

// The general case: m, n >= 1, alpha != 0, arguments checked by the caller.
// `scratch` holds n (no transpose, when incx != 1) or n (transpose) entries.
template <typename T>
void GemvImpl(bool trans, size_t m, size_t n, T alpha, const T* A, size_t lda,
              const T* x, size_t incx, T beta, T* y, size_t incy, T* scratch) {
  constexpr size_t N = VecOps<T>::kN;
  const bool parallel =
      double(m) * double(n) > kGemvParallelMin && Threads() > 1;
  if (!trans) {
    if (incx != 1) {
      for (size_t j = 0; j < n; ++j) scratch[j] = x[j * incx];
      x = scratch;
    }
    if (!parallel) {
      GemvRows(0, m, n, alpha, A, lda, x, beta, y, incy);
      return;
    }
    // Row blocks of a multiple of 4 rows, several per thread for balance.
    const size_t tasks = size_t(Threads()) * 4;
    const size_t rows = ((m + tasks - 1) / tasks + 3) / 4 * 4;
    ParallelFor((m + rows - 1) / rows, [&](size_t t) {
      const size_t i0 = t * rows;
      GemvRows(i0, HWY_MIN(m, i0 + rows), n, alpha, A, lda, x, beta, y, incy);
    });
    return;
  }
  // Transpose: column chunks, each a multiple of N wide except the last.
  size_t chunk = n;
  if (parallel) {
    const size_t tasks = size_t(Threads());
    chunk = ((n + tasks - 1) / tasks + N - 1) / N * N;
  }
  const size_t num_chunks = (n + chunk - 1) / chunk;
  const auto run = [&](size_t t) {
    const size_t j0 = t * chunk;
    const size_t j1 = HWY_MIN(n, j0 + chunk);
    GemvColumns(j0, j1, m, A, lda, x, incx, scratch + j0);
    for (size_t j = j0; j < j1; ++j) {
      T* yj = y + j * incy;
      *yj = Combine(alpha, scratch[j], beta, yj);
    }
  };
  if (num_chunks == 1) {
    run(0);
  } else {
    ParallelFor(num_chunks, run);
  }
}

// ---- the fused pair: y <- A x + beta y, then z <- A^T y, one pass over A ----
//
// LSQR (and any Golub-Kahan step) on a tall A needs A v and then A^T u, u
// depending on all of A v only through a norm, which can wait: each group of
// four rows is dotted with x, its y entries finished, and the same rows,
// still in L1, are added into z. A is read once instead of twice, and on a
// memory-bound tall A that is the whole cost.
//
// Rows go in fixed chunks (FusedChunkRows: a function of m and n only); each
// chunk sums its own partial z and sum of squares, and the partials are
// added in chunk order, so the bits do not depend on the thread count.

// z[0, n) += sum over the R rows of y[r] * a[r, :], rows in order.
template <size_t R, typename T>
HWY_INLINE void AddRows(size_t n, const T* HWY_RESTRICT a, size_t lda,
                        const T* HWY_RESTRICT y, T* HWY_RESTRICT z) {
  using Ops = VecOps<T>;
  using V = typename Ops::V;
  constexpr size_t N = Ops::kN;
  V yv[R];
  for (size_t r = 0; r < R; ++r) yv[r] = Ops::Set(y[r]);
  size_t j = 0;
  for (; j + N <= n; j += N) {
    V s = Ops::LoadU(z + j);
    for (size_t r = 0; r < R; ++r) s = Ops::MulAdd(yv[r], Ops::LoadU(a + r * lda + j), s);
    Ops::StoreU(s, z + j);
  }
  for (; j < n; ++j) {
    T s = z[j];
    for (size_t r = 0; r < R; ++r) s += y[r] * a[r * lda + j];
    z[j] = s;
  }
}

// Rows [i0, i1): y finished, z (zeroed here) gets their A^T y; returns
// their sum of y^2.
template <typename T>
double FusedRows(size_t i0, size_t i1, size_t n, const T* A, size_t lda,
                 const T* x, T beta, T* y, T* HWY_RESTRICT z) {
  for (size_t j = 0; j < n; ++j) z[j] = T(0);
  double ssq = 0;
  T dots[4];
  size_t i = i0;
  for (; i + 4 <= i1; i += 4) {
    DotRows<4>(n, A + i * lda, lda, x, dots);
    for (size_t r = 0; r < 4; ++r) {
      y[i + r] = Combine(T(1), dots[r], beta, y + i + r);
      ssq += double(y[i + r]) * double(y[i + r]);
    }
    AddRows<4>(n, A + i * lda, lda, y + i, z);
  }
  for (; i < i1; ++i) {
    DotRows<1>(n, A + i * lda, lda, x, dots);
    y[i] = Combine(T(1), dots[0], beta, y + i);
    ssq += double(y[i]) * double(y[i]);
    AddRows<1>(n, A + i * lda, lda, y + i, z);
  }
  return ssq;
}

// When chunks > 1, `partial` holds chunks * n entries and `ssq` chunks
// (both unused otherwise); m, n >= 1.
template <typename T>
double FusedImpl(size_t m, size_t n, const T* A, size_t lda, const T* x, T beta,
                 T* y, T* z, size_t chunk_rows, T* partial, double* ssq) {
  const size_t chunks = (m + chunk_rows - 1) / chunk_rows;
  if (chunks == 1) return FusedRows(0, m, n, A, lda, x, beta, y, z);
  const auto run = [&](size_t c) {
    const size_t i0 = c * chunk_rows;
    ssq[c] = FusedRows(i0, HWY_MIN(m, i0 + chunk_rows), n, A, lda, x, beta, y, partial + c * n);
  };
  if (double(m) * double(n) > kGemvParallelMin && Threads() > 1) {
    ParallelFor(chunks, run);
  } else {
    for (size_t c = 0; c < chunks; ++c) run(c);
  }
  double total = 0;
  for (size_t j = 0; j < n; ++j) z[j] = partial[j];
  for (size_t c = 0; c < chunks; ++c) {
    total += ssq[c];
    if (c == 0) continue;
    const T* HWY_RESTRICT pc = partial + c * n;
    for (size_t j = 0; j < n; ++j) z[j] += pc[j];
  }
  return total;
}

double FusedF32(size_t m, size_t n, const float* A, size_t lda, const float* x, float beta,
                float* y, float* z, size_t chunk_rows, float* partial, double* ssq) {
  return FusedImpl<float>(m, n, A, lda, x, beta, y, z, chunk_rows, partial, ssq);
}
double FusedF64(size_t m, size_t n, const double* A, size_t lda, const double* x, double beta,
                double* y, double* z, size_t chunk_rows, double* partial, double* ssq) {
  return FusedImpl<double>(m, n, A, lda, x, beta, y, z, chunk_rows, partial, ssq);
}

void GemvF32(bool trans, size_t m, size_t n, float alpha, const float* A,
             size_t lda, const float* x, size_t incx, float beta, float* y,
             size_t incy, float* scratch) {
  GemvImpl<float>(trans, m, n, alpha, A, lda, x, incx, beta, y, incy, scratch);
}
void GemvF64(bool trans, size_t m, size_t n, double alpha, const double* A,
             size_t lda, const double* x, size_t incx, double beta, double* y,
             size_t incy, double* scratch) {
  GemvImpl<double>(trans, m, n, alpha, A, lda, x, incx, beta, y, incy, scratch);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(GemvF32);
HWY_EXPORT(GemvF64);
HWY_EXPORT(FusedF32);
HWY_EXPORT(FusedF64);

namespace {

void DispatchGemv(bool trans, size_t m, size_t n, float alpha, const float* A,
                  size_t lda, const float* x, size_t incx, float beta, float* y,
                  size_t incy, float* scratch) {
  HWY_DYNAMIC_DISPATCH(GemvF32)(trans, m, n, alpha, A, lda, x, incx, beta, y,
                                incy, scratch);
}
void DispatchGemv(bool trans, size_t m, size_t n, double alpha,
                  const double* A, size_t lda, const double* x, size_t incx,
                  double beta, double* y, size_t incy, double* scratch) {
  HWY_DYNAMIC_DISPATCH(GemvF64)(trans, m, n, alpha, A, lda, x, incx, beta, y,
                                incy, scratch);
}

template <typename T>
skm_status Gemv(int32_t trans, skm_int m, skm_int n, T alpha, const T* A,
                skm_int lda, const T* x, skm_int incx, T beta, T* y,
                skm_int incy) {
  if (trans != 0 && trans != 1) return SKM_EINVAL;
  if (m < 0 || n < 0 || lda < 0 || incx < 1 || incy < 1) return SKM_EINVAL;
  if (m > 0 && lda < n) return SKM_EINVAL;
  if (m > 0 && n > 0 && A == nullptr) return SKM_EINVAL;
  const skm_int len_x = trans ? m : n;
  const skm_int len_y = trans ? n : m;
  if ((len_x > 0 && x == nullptr) || (len_y > 0 && y == nullptr)) {
    return SKM_EINVAL;
  }
  if (len_y == 0) return SKM_OK;
  if (len_x == 0 || alpha == T(0)) {
    // y = beta * y; A and x are not read.
    for (skm_int i = 0; i < len_y; ++i) {
      T* yi = y + i * incy;
      *yi = beta == T(0) ? T(0) : beta * *yi;
    }
    return SKM_OK;
  }
  // Scratch: the column sums (transpose) or a contiguous copy of x.
  const bool need_scratch = trans || incx != 1;
  constexpr size_t kStackEntries = 1024;
  alignas(64) T stack[kStackEntries];
  T* scratch = stack;
  T* heap = nullptr;
  if (need_scratch && size_t(n) > kStackEntries) {
    heap = AllocArray<T>(static_cast<uint64_t>(n));
    if (heap == nullptr) return SKM_ENOMEM;
    scratch = heap;
  }
  DispatchGemv(trans != 0, size_t(m), size_t(n), alpha, A, size_t(lda), x,
               size_t(incx), beta, y, size_t(incy), scratch);
  std::free(heap);
  return SKM_OK;
}

double DispatchFused(size_t m, size_t n, const float* A, size_t lda, const float* x, float beta,
                     float* y, float* z, size_t chunk_rows, float* partial, double* ssq) {
  return HWY_DYNAMIC_DISPATCH(FusedF32)(m, n, A, lda, x, beta, y, z, chunk_rows, partial, ssq);
}
double DispatchFused(size_t m, size_t n, const double* A, size_t lda, const double* x, double beta,
                     double* y, double* z, size_t chunk_rows, double* partial, double* ssq) {
  return HWY_DYNAMIC_DISPATCH(FusedF64)(m, n, A, lda, x, beta, y, z, chunk_rows, partial, ssq);
}

// Rows per chunk of the fused pair: 4096 (a multiple of 4, so the groups of
// four do not depend on the chunking either), more when the partial z's
// (chunks x n) would pass 2^21 entries. A function of m and n alone.
size_t FusedChunkRows(size_t m, size_t n) {
  constexpr size_t kRows = 4096, kMaxPartial = size_t{1} << 21;
  size_t rows = kRows;
  const size_t chunks = (m + rows - 1) / rows;
  if (chunks > 1 && double(chunks) * double(n) > double(kMaxPartial)) {
    const size_t most = HWY_MAX(size_t{2}, kMaxPartial / HWY_MAX(n, size_t{1}));
    rows = ((m + most - 1) / most + 3) / 4 * 4;
  }
  return rows;
}

template <typename T>
skm_status GemvFused(skm_int m, skm_int n, const T* A, skm_int lda, const T* x, T beta, T* y,
                     T* z, double* ssq) {
  if (m < 0 || n < 0 || lda < 0 || ssq == nullptr) return SKM_EINVAL;
  if (m > 0 && lda < n) return SKM_EINVAL;
  if ((m > 0 && n > 0 && (A == nullptr || x == nullptr)) || (m > 0 && y == nullptr) ||
      (n > 0 && z == nullptr)) {
    return SKM_EINVAL;
  }
  skm_int last;
  if (m > 0 && __builtin_mul_overflow(m - 1, lda, &last)) return SKM_EINVAL;
  if (m == 0 || n == 0) {
    // A x is empty (y = beta y) or A^T y is (z = 0).
    double total = 0;
    for (skm_int i = 0; i < m; ++i) {
      y[i] = beta == T(0) ? T(0) : beta * y[i];
      total += double(y[i]) * double(y[i]);
    }
    for (skm_int j = 0; j < n; ++j) z[j] = T(0);
    *ssq = total;
    return SKM_OK;
  }
  const size_t rows = FusedChunkRows(size_t(m), size_t(n));
  const size_t chunks = (size_t(m) + rows - 1) / rows;
  T* partial = nullptr;
  double* parts_ssq = nullptr;
  if (chunks > 1) {
    partial = AllocArray<T>(static_cast<uint64_t>(chunks) * static_cast<uint64_t>(n));
    parts_ssq = AllocArray<double>(static_cast<uint64_t>(chunks));
    if (partial == nullptr || parts_ssq == nullptr) {
      std::free(partial);
      std::free(parts_ssq);
      return SKM_ENOMEM;
    }
  }
  *ssq = DispatchFused(size_t(m), size_t(n), A, size_t(lda), x, beta, y, z, rows, partial, parts_ssq);
  std::free(partial);
  std::free(parts_ssq);
  return SKM_OK;
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_gemv_fused_f32(skm_int m, skm_int n, const float* A, skm_int lda,
                                      const float* x, float beta, float* y, float* z,
                                      double* ssq) {
  return skm::Guarded([&] { return skm::GemvFused<float>(m, n, A, lda, x, beta, y, z, ssq); });
}

SKM_API skm_status skm_gemv_fused_f64(skm_int m, skm_int n, const double* A, skm_int lda,
                                      const double* x, double beta, double* y, double* z,
                                      double* ssq) {
  return skm::Guarded([&] { return skm::GemvFused<double>(m, n, A, lda, x, beta, y, z, ssq); });
}

SKM_API skm_status skm_gemv_f32(int32_t trans, skm_int m, skm_int n,
                                float alpha, const float* A, skm_int lda,
                                const float* x, skm_int incx, float beta,
                                float* y, skm_int incy) {
  return skm::Guarded([&] {
    return skm::Gemv<float>(trans, m, n, alpha, A, lda, x, incx, beta, y, incy);
  });
}

SKM_API skm_status skm_gemv_f64(int32_t trans, skm_int m, skm_int n,
                                double alpha, const double* A, skm_int lda,
                                const double* x, skm_int incx, double beta,
                                double* y, skm_int incy) {
  return skm::Guarded([&] {
    return skm::Gemv<double>(trans, m, n, alpha, A, lda, x, incx, beta, y, incy);
  });
}

}  // extern "C"
#endif  // HWY_ONCE
