// FftPlan (fft.h): radix-2 and Bluestein complex FFTs, scalar f64.
#include "fft.h"

#include <cstdint>
#include <cstdlib>

#include "alloc.h"
#include "philox.h"

namespace skm {

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
  const uint64_t doubles = Plus(m + 2, pow2_ ? 0 : Count({2, Plus(n, m)}));
  mem_ = AllocArray<double>(doubles);
  if (!mem_) return false;
  m_ = static_cast<size_t>(m);  // fits: m + 2 doubles were allocated
  const size_t half = m_ / 2 + 1;
  cos_ = mem_;
  sin_ = cos_ + half;
  for (size_t j = 0; j < half; ++j) {
    // j / m_ is exact: m_ is a power of two.
    SinCos2Pi(static_cast<double>(j) / static_cast<double>(m_), &sin_[j],
              &cos_[j]);
  }
  if (pow2_) return true;
  wre_ = sin_ + half;
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
  Radix2(m_, cos_, sin_, bre_, bim_, false);
  return true;
}

void FftPlan::Radix2(size_t m, const double* cw, const double* sw, double* re,
                     double* im, bool inverse) const {
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
  for (size_t len = 2; len <= m; len *= 2) {
    const size_t half = len / 2, step = m / len;
    for (size_t i = 0; i < m; i += len) {
      for (size_t j = 0; j < half; ++j) {
        const double wr = cw[j * step];
        const double wi = inverse ? sw[j * step] : -sw[j * step];
        double* ar = re + i + j;
        double* ai = im + i + j;
        const double xr = ar[half], xi = ai[half];
        const double tr = wr * xr - wi * xi;
        const double ti = wr * xi + wi * xr;
        ar[half] = *ar - tr;
        ai[half] = *ai - ti;
        *ar = *ar + tr;
        *ai = *ai + ti;
      }
    }
  }
}

void FftPlan::Execute(double* re, double* im, bool inverse,
                      double* scratch) const {
  if (n_ <= 1) return;
  if (pow2_) {
    Radix2(n_, cos_, sin_, re, im, inverse);
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
  Radix2(m_, cos_, sin_, are, aim, false);
  for (size_t j = 0; j < m_; ++j) {
    const double ar = are[j], ai = aim[j];
    are[j] = ar * bre_[j] - ai * bim_[j];
    aim[j] = ar * bim_[j] + ai * bre_[j];
  }
  Radix2(m_, cos_, sin_, are, aim, true);
  const double inv_m = 1.0 / static_cast<double>(m_);  // exact
  for (size_t k = 0; k < n_; ++k) {
    const double cr = are[k] * inv_m, ci = aim[k] * inv_m;
    re[k] = cr * wre_[k] - ci * wim_[k];
    im[k] = sign * (cr * wim_[k] + ci * wre_[k]);
  }
}

}  // namespace skm
