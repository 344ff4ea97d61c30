// Positive random features' nonlinearity: out = scale * exp(Z - shift - c).
//
// FAVOR+ features (Choromanski et al. 2021) are exp(w.x - |x|^2 / 2) / sqrt(m):
// the GEMM gives Z = X W^T, lib/ the per-row |x|^2 / 2, and this pass the
// exponential. With row_max, c is the row's largest exponent, so nothing
// overflows and the largest feature of a row is exactly `scale` (lib/ says
// when that shift is allowed: it multiplies the row by a constant).
// Highway's vector Exp (1 ULP) runs where every lane is inside a range whose
// result is a normal number; a vector with a lane outside (or NaN) goes to
// std::exp, so underflow and overflow are the C library's. Rows are split
// across threads and each element is computed alone: the result does not
// depend on the thread count.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

// glibc 2.29 gave exp a new symbol version. Binding to the original one
// keeps the prebuild loadable on older glibc (scripts/check-glibc.sh asks for
// 2.28 or less); the original exp is as accurate, only slower, and runs only
// on the lanes the vector Exp leaves to it.
// (The original versions: 2.2.5 on x86-64, 2.17 on arm64, its first glibc.)
#if defined(__GLIBC__) && defined(__x86_64__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
#elif defined(__GLIBC__) && defined(__aarch64__)
__asm__(".symver exp,exp@GLIBC_2.17");
#endif

#include "cancel.h"
#include "guarded.h"
#include "parallel.h"
#include "skm_features.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "positive.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "hwy/contrib/math/math-inl.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// exp(lo) and exp(hi) are normal numbers for T: inside, the vector Exp holds.
template <typename T>
constexpr T ExpLow() { return sizeof(T) == 4 ? T(-87) : T(-708); }
template <typename T>
constexpr T ExpHigh() { return sizeof(T) == 4 ? T(88) : T(709); }

template <typename T>
void ExpRowsT(size_t r0, size_t r1, size_t m, const T* Z, size_t ldz,
              const T* shift, bool row_max, T scale, T* out, size_t ldo) {
  const hn::ScalableTag<T> d;
  const size_t N = hn::Lanes(d);
  const auto lo = hn::Set(d, ExpLow<T>());
  const auto hi = hn::Set(d, ExpHigh<T>());
  const auto s = hn::Set(d, scale);
  HWY_ALIGN T zbuf[hn::MaxLanes(d)];
  HWY_ALIGN T obuf[hn::MaxLanes(d)];
  for (size_t i = r0; i < r1; ++i) {
    const T* z = Z + i * ldz;
    T* o = out + i * ldo;
    // The row's offset: its shift, plus its largest shifted value (NaN skipped).
    T c = shift[i];
    if (row_max) {
      T mx = -std::numeric_limits<T>::infinity();
      for (size_t j = 0; j < m; ++j) mx = z[j] > mx ? z[j] : mx;
      // An all-NaN (or all -inf) row keeps the shift alone.
      if (mx > -std::numeric_limits<T>::infinity()) c = mx;
    }
    const auto vc = hn::Set(d, c);
    for (size_t j = 0; j < m; j += N) {
      const size_t count = HWY_MIN(N, m - j);
      const T* src = z + j;
      if (count < N) {
        for (size_t t = 0; t < N; ++t) zbuf[t] = t < count ? z[j + t] : c;
        src = zbuf;
      }
      const auto v = hn::Sub(hn::LoadU(d, src), vc);
      T* dst = count == N ? o + j : obuf;
      // Not (lo <= v <= hi) is true for NaN too.
      if (hn::AllTrue(d, hn::And(hn::Ge(v, lo), hn::Le(v, hi)))) {
        hn::StoreU(hn::Mul(hn::Exp(d, v), s), d, dst);
      } else {
        for (size_t t = 0; t < N; ++t) dst[t] = static_cast<T>(std::exp(src[t] - c)) * scale;
      }
      if (count < N) std::memcpy(o + j, obuf, count * sizeof(T));
    }
  }
}

void ExpRowsF32(size_t r0, size_t r1, size_t m, const float* Z, size_t ldz,
                const float* shift, bool row_max, float scale, float* out,
                size_t ldo) {
  ExpRowsT(r0, r1, m, Z, ldz, shift, row_max, scale, out, ldo);
}
void ExpRowsF64(size_t r0, size_t r1, size_t m, const double* Z, size_t ldz,
                const double* shift, bool row_max, double scale, double* out,
                size_t ldo) {
#if HWY_HAVE_FLOAT64
  ExpRowsT(r0, r1, m, Z, ldz, shift, row_max, scale, out, ldo);
#else
  // Highway 1.0's WASM has no f64 lanes: the C library's exp.
  for (size_t i = r0; i < r1; ++i) {
    const double* z = Z + i * ldz;
    double c = shift[i];
    if (row_max) {
      double mx = -std::numeric_limits<double>::infinity();
      for (size_t j = 0; j < m; ++j) mx = z[j] > mx ? z[j] : mx;
      if (mx > -std::numeric_limits<double>::infinity()) c = mx;
    }
    for (size_t j = 0; j < m; ++j) out[i * ldo + j] = std::exp(z[j] - c) * scale;
  }
#endif
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(ExpRowsF32);
HWY_EXPORT(ExpRowsF64);

namespace {

void DispatchRows(size_t r0, size_t r1, size_t m, const float* Z, size_t ldz,
                  const float* shift, bool row_max, float scale, float* out,
                  size_t ldo) {
  HWY_DYNAMIC_DISPATCH(ExpRowsF32)(r0, r1, m, Z, ldz, shift, row_max, scale, out, ldo);
}
void DispatchRows(size_t r0, size_t r1, size_t m, const double* Z, size_t ldz,
                  const double* shift, bool row_max, double scale, double* out,
                  size_t ldo) {
  HWY_DYNAMIC_DISPATCH(ExpRowsF64)(r0, r1, m, Z, ldz, shift, row_max, scale, out, ldo);
}

template <typename T>
skm_status ExpRows(skm_int N, skm_int m, const T* Z, skm_int ldz,
                   const T* shift, int32_t row_max, double scale, T* out,
                   skm_int ldo) {
  if (N < 0 || m < 0 || ldz < 0 || ldo < 0) return SKM_EINVAL;
  if (row_max != 0 && row_max != 1) return SKM_EINVAL;
  if (N > 0 && m > 0) {
    if (ldz < m || ldo < m || Z == nullptr || shift == nullptr || out == nullptr) return SKM_EINVAL;
  }
  if (N == 0 || m == 0) return SKM_OK;
  const size_t mm = size_t(m);
  return ForRowChunks(size_t(N), mm, [&](size_t r0, size_t r1) {
    DispatchRows(r0, r1, mm, Z, size_t(ldz), shift, row_max != 0, static_cast<T>(scale), out, size_t(ldo));
  });
}

}  // namespace
}  // namespace skm

extern "C" {
skm_status skm_exp_rows_f32(skm_int N, skm_int m, const float* Z, skm_int ldz,
                            const float* shift, int32_t row_max, double scale,
                            float* out, skm_int ldo) {
  return skm::Guarded([&] { return skm::ExpRows(N, m, Z, ldz, shift, row_max, scale, out, ldo); });
}
skm_status skm_exp_rows_f64(skm_int N, skm_int m, const double* Z, skm_int ldz,
                            const double* shift, int32_t row_max, double scale,
                            double* out, skm_int ldo) {
  return skm::Guarded([&] { return skm::ExpRows(N, m, Z, ldz, shift, row_max, scale, out, ldo); });
}
}  // extern "C"
#endif  // HWY_ONCE
