// skm_fwht_f32 / skm_fwht_f64: in-place fast Walsh-Hadamard transform of each
// row, unnormalized (H has entries +-1) unless asked.
//
// Order of operations (what makes every target give the same bits): the
// transform is log2(n) butterfly stages, stage h (h = 1, 2, 4, ...) mapping
// each pair (u, v) = (x[i], x[i + h]) with i & h == 0 to (u + v, u - v).
// Every code path (fwht-inl.h) runs the stages in rising h and forms each pair
// exactly so; grouping stages into one pass or into registers changes how
// often memory is touched, not a single rounding. The TypeScript reference
// (test/reference/sketch.ts) is the plain triple loop.
//
// Paths, by stride h (L = vector lanes; FWHT.md has the reasons and numbers):
// - h < L: inside one vector; the partner lane comes from a fixed shuffle
//   or TableLookupLanes and one multiply-add by a +-1 lane pattern forms
//   u + v or u - v (x * -1 + partner is exactly partner - x).
// - h >= L: whole vectors, up to 3 stages per pass (radix 8) over rows of
//   a (count x width) view, so each pass reads and writes memory once.
// - rows up to 32 KB: in L1, the in-vector stages fused into the first pass.
// - rows up to 256 KB: 32 KB sub-rows, then the stages across them in L2.
// - longer rows: up to 8 sub-rows, each a 256 KB block (as above, the next
//   block prefetched meanwhile) or itself a longer row, then one radix-8
//   pass across them in place, on column strips (the next one prefetched).
//   A row beyond L3 goes to memory and back twice (the first descent, the
//   last pass); the passes between work on sub-rows that fit L3.
// The passes between a 256 KB block's first and last run in 64-byte
// aligned scratch (typed arrays are often 16 bytes off a cache line, which
// costs ~40% when every vector spans two lines), and in place when none is
// to be had. Sub-rows and strips are spread over threads; no result depends
// on that.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "alloc.h"
#include "fwht.h"
#include "parallel.h"
#include "sketchmat.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fwht.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Whether this target has vectors of T (Highway 1.0's WASM has no f64 lanes).
template <typename T>
constexpr bool kHasVectors = !(sizeof(T) == 8 && !HWY_HAVE_FLOAT64);

#include "fwht-inl.h"

template <typename T>
HWY_ATTR void ScaleRow(T* x, size_t n, T s) {
  for (size_t i = 0; i < n; ++i) x[i] = x[i] * s;
}

template <typename T>
HWY_ATTR double MaxAbsT(const T* x, size_t n) {
  T m = T(0);
  size_t i = 0;
  if constexpr (kHasVectors<T>) {
    const hn::ScalableTag<T> d;
    const size_t L = hn::Lanes(d);
    if (n >= L) {
      auto v = hn::Zero(d);
      for (; i + L <= n; i += L) v = hn::Max(v, hn::Abs(hn::LoadU(d, x + i)));
      m = hn::GetLane(hn::MaxOfLanes(d, v));
    }
  }
  for (; i < n; ++i) {
    const T a = std::abs(x[i]);
    m = a > m ? a : m;
  }
  return static_cast<double>(m);
}

template <typename T>
HWY_ATTR void FwhtT(size_t rows, size_t n, T* x, size_t ldx, bool normalize) {
  const T scale = static_cast<T>(1.0 / std::sqrt(static_cast<double>(n)));
  using D = hn::ScalableTag<T>;
  const LaneTables<T> tables(hn::Lanes(D()));
  auto one = [&](T* row) HWY_ATTR {
    // Normalized, the true result is n^-1/2 times the transform's: keep it
    // finite wherever it is representable (fwht.h, OverflowShift).
    const int e = normalize ? OverflowShift<T>(MaxAbsT(row, n), n) : 0;
    if (e) ScaleRow(row, n, static_cast<T>(std::ldexp(1.0, -e)));
    if constexpr (!kHasVectors<T>) {
      RowScalar(row, n);  // Highway 1.0's WASM has no f64 lanes
    } else {
      if (n < hn::Lanes(D())) {
        RowScalar(row, n);
      } else {
        const LaneStages<D> lanes(tables);
        RowT(D(), lanes, row, n);
      }
    }
    if (normalize) ScaleRow(row, n, e ? static_cast<T>(scale * std::ldexp(1.0, e)) : scale);
  };
  // Rows in groups so that a task holds ~64 KB of work or more.
  size_t per = (size_t{64} << 10) / (n * sizeof(T));
  if (per < 1) per = 1;
  const size_t tasks = (rows + per - 1) / per;
  ParallelFor(tasks, [&](size_t t) HWY_ATTR {
    const size_t r1 = (t + 1) * per < rows ? (t + 1) * per : rows;
    for (size_t r = t * per; r < r1; ++r) one(x + r * ldx);
  });
}

// o[i] = y[take[i]] * mag for i < k; f32 by vector gathers with int32
// indices (take[i] < n2 <= 2^31) where x86 has them (AVX2 and up; Highway
// emulates them elsewhere, slower than this loop). The scalar loop was a
// third of project on AVX-512.
template <class D, typename T = hn::TFromD<D>>
HWY_INLINE void SampleRow(D d, const T* HWY_RESTRICT y, size_t n2,
                          const uint32_t* HWY_RESTRICT take, size_t k, T mag,
                          T* HWY_RESTRICT o) {
  size_t i = 0;
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
  if constexpr (sizeof(T) == 4) {
    const size_t kv = n2 <= (size_t{1} << 31) ? k : 0;  // else all scalar
    const hn::RebindToSigned<D> di;
    const size_t L = hn::Lanes(d);
    const auto vmag = hn::Set(d, mag);
    for (; i + L <= kv; i += L) {
      const auto idx = hn::BitCast(di, hn::LoadU(hn::RebindToUnsigned<D>(), take + i));
      hn::StoreU(hn::Mul(hn::GatherIndex(d, y, idx), vmag), d, o + i);
    }
  }
#endif
  for (; i < k; ++i) o[i] = y[take[i]] * mag;
}

// The SRHT's X S^T for rows [r0, r0 + count) of X (srht.cc has the
// definition): row r goes, times sign and zero-padded to n2, into y (n2
// elements of scratch), is transformed, and out[r][i] = y[take[i]] * mag.
// With n == n2 the sign flip is fused into the first pass, which also
// prefetches the row two ahead (the memory stream overlaps the transform).
template <typename T>
HWY_ATTR void SrhtRowsT(const SrhtRowsArgs<T>& a, size_t r0, size_t count, T* y) {
  using D = hn::ScalableTag<T>;
  const D d;
  const size_t L = hn::Lanes(d), n = a.n, n2 = a.n2;
  const LaneTables<T> tables(L);
  const LaneStages<D> lanes(tables);
  const bool vectors = kHasVectors<T> && n2 >= L;
  const bool fused = vectors && n == n2 && n2 <= kL1Bytes / sizeof(T);
  for (size_t r = r0; r < r0 + count; ++r) {
    const T* x = n ? a.X + r * a.ldx : a.X;  // n = 0: X may be null
    // The outputs are the transform over sqrt(k): keep them finite wherever
    // they are representable (fwht.h, OverflowShift).
    const int e = OverflowShift<T>(MaxAbsT(x, n), n2);
    const T pre = static_cast<T>(std::ldexp(1.0, -e));
    const T mag = e ? static_cast<T>(a.mag * std::ldexp(1.0, e)) : a.mag;
    if (fused && e == 0) {
      if constexpr (kHasVectors<T>) {
        const SignedLaneStages<D> pre{lanes, a.sign};
        SmallRow(d, pre, x, y, y, n2, r + 2 < a.N ? 2 * a.ldx : 0);
      }
    } else {
      for (size_t j = 0; j < n; ++j) y[j] = a.sign[j] * x[j] * pre;
      for (size_t j = n; j < n2; ++j) y[j] = T(0);
      if constexpr (kHasVectors<T>) {
        if (vectors) RowT(d, lanes, y, n2);
        else RowScalar(y, n2);
      } else {
        RowScalar(y, n2);
      }
    }
    T* o = a.out + r * a.ldo;
    if (r + 2 < a.N) {  // the output row two ahead, so its stores do not wait
      for (size_t i = 0; i < a.k; i += 64 / sizeof(T)) Prefetch<true>(o + 2 * a.ldo + i);
    }
    SampleRow(d, y, n2, a.take, a.k, mag, o);
  }
}

// The FWHT down each column of y (rows x w, row-major; rows a power of
// two): the stages h >= w of y's rows laid end to end, which RowT runs with
// rows of w elements as its unit (RowsOf). Each butterfly is whole vectors across a
// row (no shuffles), in the passes and cache blocks of a long row. Without
// vectors of T (f64 on WASM) or for another w, column by column (slow:
// callers ask FwhtColumnsWidth first).
template <typename T>
constexpr size_t kColumnsWidth = 64 / sizeof(T);  // a power of two, a multiple of the lanes

template <typename T>
HWY_ATTR size_t FwhtColumnsWidthT() {
  return kHasVectors<T> ? kColumnsWidth<T> : 0;
}
template <typename T>
HWY_ATTR void FwhtColumnsT(T* y, size_t rows, size_t w) {
  if constexpr (kHasVectors<T>) {
    if (w == kColumnsWidth<T>) {
      RowT(hn::ScalableTag<T>(), RowsOf<kColumnsWidth<T>>(), y, rows * w);
      return;
    }
  }
  for (size_t c = 0; c < w; ++c) ColumnScalar(y + c, w, rows);
}

void SrhtRowsF32(const SrhtRowsArgs<float>& a, size_t r0, size_t count, float* y) {
  SrhtRowsT(a, r0, count, y);
}
void SrhtRowsF64(const SrhtRowsArgs<double>& a, size_t r0, size_t count, double* y) {
  SrhtRowsT(a, r0, count, y);
}

void FwhtColumnsF32(float* y, size_t rows, size_t w) { FwhtColumnsT(y, rows, w); }
void FwhtColumnsF64(double* y, size_t rows, size_t w) { FwhtColumnsT(y, rows, w); }
size_t FwhtColumnsWidthF32() { return FwhtColumnsWidthT<float>(); }
double MaxAbsF32(const float* x, size_t n) { return MaxAbsT(x, n); }
double MaxAbsF64(const double* x, size_t n) { return MaxAbsT(x, n); }
size_t FwhtColumnsWidthF64() { return FwhtColumnsWidthT<double>(); }

void FwhtF32(size_t rows, size_t n, float* x, size_t ldx, bool normalize) {
  FwhtT(rows, n, x, ldx, normalize);
}
void FwhtF64(size_t rows, size_t n, double* x, size_t ldx, bool normalize) {
  FwhtT(rows, n, x, ldx, normalize);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(FwhtF32);
HWY_EXPORT(FwhtF64);
HWY_EXPORT(SrhtRowsF32);
HWY_EXPORT(SrhtRowsF64);
HWY_EXPORT(FwhtColumnsF32);
HWY_EXPORT(FwhtColumnsF64);
HWY_EXPORT(FwhtColumnsWidthF32);
HWY_EXPORT(FwhtColumnsWidthF64);
HWY_EXPORT(MaxAbsF32);
HWY_EXPORT(MaxAbsF64);

double MaxAbs(const float* x, size_t n) { return HWY_DYNAMIC_DISPATCH(MaxAbsF32)(x, n); }
double MaxAbs(const double* x, size_t n) { return HWY_DYNAMIC_DISPATCH(MaxAbsF64)(x, n); }

size_t FwhtColumnsWidth(float) { return HWY_DYNAMIC_DISPATCH(FwhtColumnsWidthF32)(); }
size_t FwhtColumnsWidth(double) { return HWY_DYNAMIC_DISPATCH(FwhtColumnsWidthF64)(); }

void FwhtColumns(float* y, size_t rows, size_t w) {
  HWY_DYNAMIC_DISPATCH(FwhtColumnsF32)(y, rows, w);
}
void FwhtColumns(double* y, size_t rows, size_t w) {
  HWY_DYNAMIC_DISPATCH(FwhtColumnsF64)(y, rows, w);
}

void SrhtRows(const SrhtRowsArgs<float>& a, size_t r0, size_t count, float* y) {
  HWY_DYNAMIC_DISPATCH(SrhtRowsF32)(a, r0, count, y);
}
void SrhtRows(const SrhtRowsArgs<double>& a, size_t r0, size_t count, double* y) {
  HWY_DYNAMIC_DISPATCH(SrhtRowsF64)(a, r0, count, y);
}

namespace {
bool FwhtArgsOk(skm_int rows, skm_int n, skm_int ldx) {
  if (rows < 0 || n < 1 || (n & (n - 1)) != 0) return false;
  return rows <= 1 || ldx >= n;
}
}  // namespace

template <typename T>
skm_status Fwht(skm_int rows, skm_int n, T* x, skm_int ldx, int32_t normalize) {
  if (!FwhtArgsOk(rows, n, ldx)) return SKM_EINVAL;
  const size_t r = static_cast<size_t>(rows), m = static_cast<size_t>(n);
  const size_t ld = static_cast<size_t>(ldx);
  if constexpr (sizeof(T) == 4) {
    HWY_DYNAMIC_DISPATCH(FwhtF32)(r, m, x, ld, normalize != 0);
  } else {
    HWY_DYNAMIC_DISPATCH(FwhtF64)(r, m, x, ld, normalize != 0);
  }
  return SKM_OK;
}
}  // namespace skm

extern "C" {

SKM_API skm_status skm_fwht_f32(skm_int rows, skm_int n, float* x, skm_int ldx,
                                int32_t normalize) {
  return skm::Fwht(rows, n, x, ldx, normalize);
}

SKM_API skm_status skm_fwht_f64(skm_int rows, skm_int n, double* x,
                                skm_int ldx, int32_t normalize) {
  return skm::Fwht(rows, n, x, ldx, normalize);
}

}  // extern "C"
#endif  // HWY_ONCE
