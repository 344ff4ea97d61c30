// Random Fourier features' nonlinearity: out = [cos Z, sin Z] * scale.
//
// The GEMM (Z = X·Omega^T) is the flops; this pass must not cost more than
// a fraction of it, so cos and sin are Highway's vector versions (at most 3
// ULP, valid on [-39000, 39000]); a lane outside that range (or NaN / Inf)
// sends its vector to std::cos / std::sin instead. A row's tail is copied
// into a vector-sized buffer so every element takes the same vector path.
// Rows are split across threads; each element is computed alone, so the
// result does not depend on the thread count.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cancel.h"
#include "guarded.h"
#include "parallel.h"
#include "skm_features.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "rff.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "hwy/contrib/math/math-inl.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <typename T>
void CosSinRowsT(size_t r0, size_t r1, size_t m, const T* Z, size_t ldz,
                 T scale, T* out, size_t ldo) {
  const hn::ScalableTag<T> d;
  const size_t N = hn::Lanes(d);
  const auto limit = hn::Set(d, T(39000));
  const auto s = hn::Set(d, scale);
  HWY_ALIGN T zbuf[hn::MaxLanes(d)];
  HWY_ALIGN T cbuf[hn::MaxLanes(d)];
  HWY_ALIGN T sbuf[hn::MaxLanes(d)];
  for (size_t i = r0; i < r1; ++i) {
    const T* z = Z + i * ldz;
    T* oc = out + i * ldo;
    T* os = oc + m;
    for (size_t j = 0; j < m; j += N) {
      const size_t count = HWY_MIN(N, m - j);
      const T* src = z + j;
      if (count < N) {
        for (size_t t = 0; t < N; ++t) zbuf[t] = t < count ? z[j + t] : T(0);
        src = zbuf;
      }
      const auto v = hn::LoadU(d, src);
      // Whole vectors are stored in place; only a row's tail goes through
      // the buffers (a memcpy per vector cost more than the cos and sin).
      T* dc = count == N ? oc + j : cbuf;
      T* ds = count == N ? os + j : sbuf;
      // !(|v| <= limit) is true for NaN too.
      if (hn::AllTrue(d, hn::Le(hn::Abs(v), limit))) {
        hn::StoreU(hn::Mul(hn::Cos(d, v), s), d, dc);
        hn::StoreU(hn::Mul(hn::Sin(d, v), s), d, ds);
      } else {
        for (size_t t = 0; t < N; ++t) {
          dc[t] = static_cast<T>(std::cos(src[t])) * scale;
          ds[t] = static_cast<T>(std::sin(src[t])) * scale;
        }
      }
      if (count < N) {
        std::memcpy(oc + j, cbuf, count * sizeof(T));
        std::memcpy(os + j, sbuf, count * sizeof(T));
      }
    }
  }
}

void CosSinRowsF32(size_t r0, size_t r1, size_t m, const float* Z, size_t ldz,
                   float scale, float* out, size_t ldo) {
  CosSinRowsT(r0, r1, m, Z, ldz, scale, out, ldo);
}
void CosSinRowsF64(size_t r0, size_t r1, size_t m, const double* Z, size_t ldz,
                   double scale, double* out, size_t ldo) {
#if HWY_HAVE_FLOAT64
  CosSinRowsT(r0, r1, m, Z, ldz, scale, out, ldo);
#else
  // Highway 1.0's WASM has no f64 lanes: the C library's cos and sin.
  for (size_t i = r0; i < r1; ++i) {
    for (size_t j = 0; j < m; ++j) {
      out[i * ldo + j] = std::cos(Z[i * ldz + j]) * scale;
      out[i * ldo + m + j] = std::sin(Z[i * ldz + j]) * scale;
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
HWY_EXPORT(CosSinRowsF32);
HWY_EXPORT(CosSinRowsF64);

namespace {

void DispatchRows(size_t r0, size_t r1, size_t m, const float* Z, size_t ldz,
                  float scale, float* out, size_t ldo) {
  HWY_DYNAMIC_DISPATCH(CosSinRowsF32)(r0, r1, m, Z, ldz, scale, out, ldo);
}
void DispatchRows(size_t r0, size_t r1, size_t m, const double* Z, size_t ldz,
                  double scale, double* out, size_t ldo) {
  HWY_DYNAMIC_DISPATCH(CosSinRowsF64)(r0, r1, m, Z, ldz, scale, out, ldo);
}

template <typename T>
skm_status CosSin(skm_int N, skm_int m, const T* Z, skm_int ldz, double scale,
                  T* out, skm_int ldo) {
  if (N < 0 || m < 0 || ldz < 0 || ldo < 0) return SKM_EINVAL;
  if (N > 0 && m > 0) {
    if (ldz < m || ldo / 2 < m || Z == nullptr || out == nullptr) return SKM_EINVAL;
  }
  if (N == 0 || m == 0) return SKM_OK;
  const size_t mm = size_t(m);
  return ForRowChunks(size_t(N), mm, [&](size_t r0, size_t r1) {
    DispatchRows(r0, r1, mm, Z, size_t(ldz), static_cast<T>(scale), out, size_t(ldo));
  });
}

}  // namespace
}  // namespace skm

extern "C" {
skm_status skm_cos_sin_f32(skm_int N, skm_int m, const float* Z, skm_int ldz,
                           double scale, float* out, skm_int ldo) {
  return skm::Guarded([&] { return skm::CosSin(N, m, Z, ldz, scale, out, ldo); });
}
skm_status skm_cos_sin_f64(skm_int N, skm_int m, const double* Z, skm_int ldz,
                           double scale, double* out, skm_int ldo) {
  return skm::Guarded([&] { return skm::CosSin(N, m, Z, ldz, scale, out, ldo); });
}
}  // extern "C"
#endif  // HWY_ONCE
