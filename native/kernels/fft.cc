// FftPlan (fft.h): radix-2 and Bluestein complex FFTs in f64. The butterfly
// stages run on vectors (Highway, dispatched at run time; f64x2 on WASM
// through vec_ops-inl.h) and form every butterfly with the same products and
// sums as the scalar loop, so every target gives the same bits.
#include "fft.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "alloc.h"
#include "philox.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fft.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
#include "vec_ops-inl.h"

// The stages half = 1, 2, 4, ... of an m-point radix-2 transform (after the
// bit reversal): (a, b) -> (a + t, a - t), t = w b, w = cos -+ i sin (the
// stage twiddles of FftPlan::Init, - forward, + inverse). The definition is
// the scalar loop below, tr = wr xr - wi xi and ti = wr xi + wi xr with
// wi = -+ sin; the vector loop writes the same with sin itself (a product
// with -s is the product with s negated, and a - (-b) is a + b: exactly).
template <bool kInverse>
HWY_ATTR void StagesT(size_t m, const double* HWY_RESTRICT cw,
                      const double* HWY_RESTRICT sw, double* HWY_RESTRICT re,
                      double* HWY_RESTRICT im) {
  using Ops = VecOps<double>;
  constexpr size_t kN = Ops::kN;
  for (size_t half = 1; half < m; half *= 2) {
    const double* c = cw + half - 1;
    const double* s = sw + half - 1;
    for (size_t i = 0; i < m; i += 2 * half) {
      double* ar = re + i;
      double* ai = im + i;
      double* br = ar + half;
      double* bi = ai + half;
      size_t j = 0;
      if (kN > 1 && half >= kN) {  // both powers of two: kN divides half
        for (; j < half; j += kN) {
          const auto wr = Ops::LoadU(c + j), ws = Ops::LoadU(s + j);
          const auto xr = Ops::LoadU(br + j), xi = Ops::LoadU(bi + j);
          const auto p = Ops::Mul(wr, xr), q = Ops::Mul(ws, xi);
          const auto u = Ops::Mul(wr, xi), v = Ops::Mul(ws, xr);
          const auto tr = kInverse ? Ops::Sub(p, q) : Ops::Add(p, q);
          const auto ti = kInverse ? Ops::Add(u, v) : Ops::Sub(u, v);
          const auto vr = Ops::LoadU(ar + j), vi = Ops::LoadU(ai + j);
          Ops::StoreU(Ops::Sub(vr, tr), br + j);
          Ops::StoreU(Ops::Sub(vi, ti), bi + j);
          Ops::StoreU(Ops::Add(vr, tr), ar + j);
          Ops::StoreU(Ops::Add(vi, ti), ai + j);
        }
      }
      for (; j < half; ++j) {
        const double wr = c[j];
        const double wi = kInverse ? s[j] : -s[j];
        const double xr = br[j], xi = bi[j];
        const double tr = wr * xr - wi * xi;
        const double ti = wr * xi + wi * xr;
        br[j] = ar[j] - tr;
        bi[j] = ai[j] - ti;
        ar[j] = ar[j] + tr;
        ai[j] = ai[j] + ti;
      }
    }
  }
}

void StagesF64(size_t m, const double* cw, const double* sw, double* re,
               double* im, bool inverse) {
  if (inverse) StagesT<true>(m, cw, sw, re, im);
  else StagesT<false>(m, cw, sw, re, im);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {

HWY_EXPORT(StagesF64);

FftPlan::~FftPlan() { std::free(mem_); }

bool FftPlan::Init(size_t n) {
  std::free(mem_);
  mem_ = nullptr;
  n_ = n;
  pow2_ = n > 0 && (n & (n - 1)) == 0;
  // The transform length: in 64 bits, so that on WebAssembly (32-bit size_t)
  // a length past what memory addresses is an allocation failure, not a
  // loop that never ends.
  const uint64_t want = pow2_ ? n : 2 * uint64_t{n} - 1;
  uint64_t m = 1;
  while (m < want) m *= 2;
  const uint64_t doubles = Plus(Count({2, m}), pow2_ ? 0 : Count({2, Plus(n, m)}));
  mem_ = AllocArray<double>(doubles);
  if (!mem_) return false;
  m_ = static_cast<size_t>(m);  // fits: 2 m doubles were allocated
  // Twiddles stage by stage, contiguous for vector loads: the stage of
  // butterflies `half` apart reads cos/sin(2 pi j / (2 half)), j < half, from
  // index half - 1 (j / (2 half) is exact: powers of two).
  cos_ = mem_;
  sin_ = cos_ + m_;
  for (size_t half = 1; half < m_; half *= 2) {
    for (size_t j = 0; j < half; ++j) {
      SinCos2Pi(static_cast<double>(j) / static_cast<double>(2 * half),
                &sin_[half - 1 + j], &cos_[half - 1 + j]);
    }
  }
  if (pow2_) return true;
  wre_ = sin_ + m_;
  wim_ = wre_ + n;
  bre_ = wim_ + n;
  bim_ = bre_ + m_;
  // w_j = e^(-2 pi i u), u = (j^2 mod 2n) / 2n; j^2 mod 2n kept by steps.
  uint64_t sq = 0;
  const uint64_t two_n = 2 * static_cast<uint64_t>(n);
  for (size_t j = 0; j < n; ++j) {
    double s, c;
    SinCos2Pi(static_cast<double>(sq) / static_cast<double>(two_n), &s, &c);
    wre_[j] = c;
    wim_[j] = -s;
    sq = (sq + 2 * static_cast<uint64_t>(j) + 1) % two_n;
  }
  for (size_t j = 0; j < m_; ++j) bre_[j] = bim_[j] = 0.0;
  for (size_t j = 0; j < n; ++j) {  // b_j = conj(w_j), b_(m-j) = b_j
    bre_[j] = wre_[j];
    bim_[j] = -wim_[j];
    if (j > 0) {
      bre_[m_ - j] = wre_[j];
      bim_[m_ - j] = -wim_[j];
    }
  }
  Radix2(m_, bre_, bim_, false);
  return true;
}

void FftPlan::Radix2(size_t m, double* re, double* im, bool inverse) const {
  // Bit reversal.
  for (size_t i = 1, j = 0; i < m; ++i) {
    size_t bit = m >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      double t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  HWY_DYNAMIC_DISPATCH(StagesF64)(m, cos_, sin_, re, im, inverse);
}

void FftPlan::Execute(double* re, double* im, bool inverse,
                      double* scratch) const {
  if (n_ <= 1) return;
  if (pow2_) {
    Radix2(n_, re, im, inverse);
    return;
  }
  // Bluestein: X_k = w_k sum_j (x_j w_j) b_(k-j); the inverse transform is
  // the forward one of the conjugate, conjugated.
  const double sign = inverse ? -1.0 : 1.0;
  double* are = scratch;
  double* aim = are + m_;
  for (size_t j = 0; j < n_; ++j) {
    const double xr = re[j], xi = sign * im[j];
    are[j] = xr * wre_[j] - xi * wim_[j];
    aim[j] = xr * wim_[j] + xi * wre_[j];
  }
  for (size_t j = n_; j < m_; ++j) are[j] = aim[j] = 0.0;
  Radix2(m_, are, aim, false);
  for (size_t j = 0; j < m_; ++j) {
    const double ar = are[j], ai = aim[j];
    are[j] = ar * bre_[j] - ai * bim_[j];
    aim[j] = ar * bim_[j] + ai * bre_[j];
  }
  Radix2(m_, are, aim, true);
  const double inv_m = 1.0 / static_cast<double>(m_);  // exact
  for (size_t k = 0; k < n_; ++k) {
    const double cr = are[k] * inv_m, ci = aim[k] * inv_m;
    re[k] = cr * wre_[k] - ci * wim_[k];
    im[k] = sign * (cr * wim_[k] + ci * wre_[k]);
  }
}

}  // namespace skm
#endif  // HWY_ONCE
