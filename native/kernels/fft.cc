// FftPlan (fft.h): radix-2 and Bluestein complex FFTs in f64, kFftBatch
// transforms at a time. The butterfly stages run on vectors across the batch
// (Highway, dispatched at run time; f64x2 on WASM through vec_ops-inl.h) and
// form every butterfly with the same products and sums on every target, so
// every target gives the same bits.
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
// bit reversal) on kFftBatch transforms at once, interleaved: element j of
// transform l at [j kFftBatch + l], so vectors run across transforms and
// every stage is whole vectors. Each butterfly (a, b) -> (a + t, a - t),
// t = w b with w = cos -+ i sin (the stage twiddles of FftPlan::Init;
// - forward, + inverse), is tr = c xr + s xi, ti = c xi - s xr (forward) or
// tr = c xr - s xi, ti = c xi + s xr (inverse): the same bits as the textbook
// wr xr - wi xi with wi = -+s (a product with -s is the product with s
// negated, and a - (-b) is a + b, exactly), on every target.
template <bool kInverse>
HWY_ATTR void StagesT(size_t m, const double* HWY_RESTRICT cw,
                      const double* HWY_RESTRICT sw, double* HWY_RESTRICT re,
                      double* HWY_RESTRICT im) {
  using Ops = VecOps<double>;
  constexpr size_t kN = Ops::kN, kB = kFftBatch;
  static_assert(kB % kN == 0, "the batch is whole vectors");
  for (size_t half = 1; half < m; half *= 2) {
    const double* c = cw + half - 1;
    const double* s = sw + half - 1;
    for (size_t i = 0; i < m; i += 2 * half) {
      for (size_t j = 0; j < half; ++j) {
        const auto wr = Ops::Set(c[j]), ws = Ops::Set(s[j]);
        double* ar = re + (i + j) * kB;
        double* ai = im + (i + j) * kB;
        double* br = ar + half * kB;
        double* bi = ai + half * kB;
        for (size_t l = 0; l < kB; l += kN) {
          const auto xr = Ops::LoadU(br + l), xi = Ops::LoadU(bi + l);
          const auto p = Ops::Mul(wr, xr), q = Ops::Mul(ws, xi);
          const auto u = Ops::Mul(wr, xi), v = Ops::Mul(ws, xr);
          const auto tr = kInverse ? Ops::Sub(p, q) : Ops::Add(p, q);
          const auto ti = kInverse ? Ops::Add(u, v) : Ops::Sub(u, v);
          const auto vr = Ops::LoadU(ar + l), vi = Ops::LoadU(ai + l);
          Ops::StoreU(Ops::Sub(vr, tr), br + l);
          Ops::StoreU(Ops::Sub(vi, ti), bi + l);
          Ops::StoreU(Ops::Add(vr, tr), ar + l);
          Ops::StoreU(Ops::Add(vi, ti), ai + l);
        }
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
  // b's transform, as lane 0 of a batch.
  double* tmp = AllocZeroed<double>(Count({2, m_, kFftBatch}));
  if (!tmp) return false;
  double* tim = tmp + m_ * kFftBatch;
  for (size_t j = 0; j < m_; ++j) {
    tmp[j * kFftBatch] = bre_[j];
    tim[j * kFftBatch] = bim_[j];
  }
  Radix2(m_, tmp, tim, false);
  for (size_t j = 0; j < m_; ++j) {
    bre_[j] = tmp[j * kFftBatch];
    bim_[j] = tim[j * kFftBatch];
  }
  std::free(tmp);
  return true;
}

void FftPlan::Radix2(size_t m, double* re, double* im, bool inverse) const {
  // Bit reversal, a batch (kFftBatch doubles) at a time.
  for (size_t i = 1, j = 0; i < m; ++i) {
    size_t bit = m >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      for (size_t l = 0; l < kFftBatch; ++l) {
        double t = re[i * kFftBatch + l];
        re[i * kFftBatch + l] = re[j * kFftBatch + l];
        re[j * kFftBatch + l] = t;
        t = im[i * kFftBatch + l];
        im[i * kFftBatch + l] = im[j * kFftBatch + l];
        im[j * kFftBatch + l] = t;
      }
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
  // the forward one of the conjugate, conjugated. Element-wise steps go
  // element by element, each transform of the batch alike.
  constexpr size_t kB = kFftBatch;
  const double sign = inverse ? -1.0 : 1.0;
  double* are = scratch;
  double* aim = are + m_ * kB;
  for (size_t j = 0; j < n_; ++j) {
    for (size_t l = 0; l < kB; ++l) {
      const double xr = re[j * kB + l], xi = sign * im[j * kB + l];
      are[j * kB + l] = xr * wre_[j] - xi * wim_[j];
      aim[j * kB + l] = xr * wim_[j] + xi * wre_[j];
    }
  }
  for (size_t q = n_ * kB; q < m_ * kB; ++q) are[q] = aim[q] = 0.0;
  Radix2(m_, are, aim, false);
  for (size_t j = 0; j < m_; ++j) {
    for (size_t l = 0; l < kB; ++l) {
      const double ar = are[j * kB + l], ai = aim[j * kB + l];
      are[j * kB + l] = ar * bre_[j] - ai * bim_[j];
      aim[j * kB + l] = ar * bim_[j] + ai * bre_[j];
    }
  }
  Radix2(m_, are, aim, true);
  const double inv_m = 1.0 / static_cast<double>(m_);  // exact
  for (size_t k = 0; k < n_; ++k) {
    for (size_t l = 0; l < kB; ++l) {
      const double cr = are[k * kB + l] * inv_m, ci = aim[k * kB + l] * inv_m;
      re[k * kB + l] = cr * wre_[k] - ci * wim_[k];
      im[k * kB + l] = sign * (cr * wim_[k] + ci * wre_[k]);
    }
  }
}

}  // namespace skm
#endif  // HWY_ONCE
