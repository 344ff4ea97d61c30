// Circular convolution by FFT (skm_structured_kernels.h): the products of
// Toeplitz and circulant operators.
//
// A = [h((i - j + off) mod L)] is diagonalized by the length-L DFT, so
// y = A x is the inverse DFT of H . X, read from index off on; Aᵀ x is the
// same with conj(H), read from -off on. L is a power of two. The forward
// transform runs decimation in frequency (natural order in, bit-reversed
// out) and the inverse decimation in time (bit-reversed in, natural out):
// the products H . X meet in bit-reversed order, H is stored that way in the
// plan, and no bit reversal is ever done. x is real, so two samples share
// one complex transform (one in the real part, one in the imaginary part):
// A is real, so the two results come back apart in the same two parts.
// Each stage's butterflies run on vectors along the transform (twiddles
// stored per stage, contiguous), the short stages in scalar code.
// Arithmetic is f64 for both dtypes (f32 inputs are widened on entry).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cmath>
#include <cstring>

#include "alloc.h"
#include "cancel.h"
#include "guarded.h"
#include "parallel.h"
#include "philox.h"
#include "skm_structured_kernels.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fft_conv.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#include "vec_ops-inl.h"

// The stages of half 2 and 1, shorter than a vector on most targets, as one
// pass over blocks of four: their twiddles are 1 and -i (forward) or +i
// (inverse), so there is nothing to multiply. The generic butterflies would
// multiply by the tables' cos(pi/2) = 6e-17 and 1, and ran in scalar code:
// these two stages took about as long as the vector ones together.
// Forward (decimation in frequency): half 2 on (0, 2), (1, 3), then half 1
// on (0, 1), (2, 3).
HWY_INLINE void DifLastTwo(size_t L, double* HWY_RESTRICT re, double* HWY_RESTRICT im) {
  for (size_t i = 0; i + 4 <= L; i += 4) {
    double* r = re + i;
    double* m = im + i;
    const double a0r = r[0] + r[2], a0i = m[0] + m[2], b0r = r[0] - r[2], b0i = m[0] - m[2];
    const double a1r = r[1] + r[3], a1i = m[1] + m[3];
    // (r1 - r3 + i (m1 - m3)) * -i
    const double b1r = m[1] - m[3], b1i = r[3] - r[1];
    r[0] = a0r + a1r;
    m[0] = a0i + a1i;
    r[1] = a0r - a1r;
    m[1] = a0i - a1i;
    r[2] = b0r + b1r;
    m[2] = b0i + b1i;
    r[3] = b0r - b1r;
    m[3] = b0i - b1i;
  }
}

// Inverse (decimation in time): half 1 on (0, 1), (2, 3), then half 2 on
// (0, 2) and (1, 3), the latter's b times +i.
HWY_INLINE void DitFirstTwo(size_t L, double* HWY_RESTRICT re, double* HWY_RESTRICT im) {
  for (size_t i = 0; i + 4 <= L; i += 4) {
    double* r = re + i;
    double* m = im + i;
    const double s0r = r[0] + r[1], s0i = m[0] + m[1], s1r = r[0] - r[1], s1i = m[0] - m[1];
    const double s2r = r[2] + r[3], s2i = m[2] + m[3], s3r = r[2] - r[3], s3i = m[2] - m[3];
    // s3 * i = -s3i + i s3r
    r[0] = s0r + s2r;
    m[0] = s0i + s2i;
    r[2] = s0r - s2r;
    m[2] = s0i - s2i;
    r[1] = s1r - s3i;
    m[1] = s1i + s3r;
    r[3] = s1r + s3i;
    m[3] = s1i - s3r;
  }
}

// Decimation in frequency, in place: natural order in, bit-reversed out.
// Stage `half`: (a, b) -> (a + b, (a - b) w^j), w = e^(-2 pi i / (2 half)),
// cos/sin of 2 pi j / (2 half) at cw/sw[half - 1 + j].
void DifForward(size_t L, const double* HWY_RESTRICT cw,
                const double* HWY_RESTRICT sw, double* HWY_RESTRICT re,
                double* HWY_RESTRICT im) {
  using Ops = VecOps<double>;
  constexpr size_t N = Ops::kN;
  // From L = 4 on, the last two stages are DifLastTwo's.
  const size_t last = L >= 4 ? 4 : 1;
  for (size_t half = L / 2; half >= last; half /= 2) {
    const double* c = cw + half - 1;
    const double* s = sw + half - 1;
    for (size_t i = 0; i < L; i += 2 * half) {
      double* ar = re + i;
      double* ai = im + i;
      double* br = ar + half;
      double* bi = ai + half;
      size_t j = 0;
      for (; j + N <= half; j += N) {
        const auto xr = Ops::LoadU(ar + j), xi = Ops::LoadU(ai + j);
        const auto yr = Ops::LoadU(br + j), yi = Ops::LoadU(bi + j);
        const auto wc = Ops::LoadU(c + j), ws = Ops::LoadU(s + j);
        const auto dr = Ops::Sub(xr, yr), di = Ops::Sub(xi, yi);
        Ops::StoreU(Ops::Add(xr, yr), ar + j);
        Ops::StoreU(Ops::Add(xi, yi), ai + j);
        Ops::StoreU(Ops::Add(Ops::Mul(dr, wc), Ops::Mul(di, ws)), br + j);
        Ops::StoreU(Ops::Sub(Ops::Mul(di, wc), Ops::Mul(dr, ws)), bi + j);
      }
      for (; j < half; ++j) {
        const double xr = ar[j], xi = ai[j], yr = br[j], yi = bi[j];
        const double dr = xr - yr, di = xi - yi;
        ar[j] = xr + yr;
        ai[j] = xi + yi;
        br[j] = dr * c[j] + di * s[j];
        bi[j] = di * c[j] - dr * s[j];
      }
    }
  }
  if (L >= 4) DifLastTwo(L, re, im);
}

// Decimation in time, in place, inverse (unnormalized): bit-reversed order
// in, natural out. Stage `half`: b' = b conj(w^j), (a, b) -> (a + b', a - b').
void DitInverse(size_t L, const double* HWY_RESTRICT cw,
                const double* HWY_RESTRICT sw, double* HWY_RESTRICT re,
                double* HWY_RESTRICT im) {
  using Ops = VecOps<double>;
  constexpr size_t N = Ops::kN;
  // From L = 4 on, the first two stages are DitFirstTwo's.
  const size_t first = L >= 4 ? 4 : 1;
  if (L >= 4) DitFirstTwo(L, re, im);
  for (size_t half = first; half < L; half *= 2) {
    const double* c = cw + half - 1;
    const double* s = sw + half - 1;
    for (size_t i = 0; i < L; i += 2 * half) {
      double* ar = re + i;
      double* ai = im + i;
      double* br = ar + half;
      double* bi = ai + half;
      size_t j = 0;
      for (; j + N <= half; j += N) {
        const auto yr = Ops::LoadU(br + j), yi = Ops::LoadU(bi + j);
        const auto wc = Ops::LoadU(c + j), ws = Ops::LoadU(s + j);
        const auto tr = Ops::Sub(Ops::Mul(yr, wc), Ops::Mul(yi, ws));
        const auto ti = Ops::Add(Ops::Mul(yi, wc), Ops::Mul(yr, ws));
        const auto xr = Ops::LoadU(ar + j), xi = Ops::LoadU(ai + j);
        Ops::StoreU(Ops::Add(xr, tr), ar + j);
        Ops::StoreU(Ops::Add(xi, ti), ai + j);
        Ops::StoreU(Ops::Sub(xr, tr), br + j);
        Ops::StoreU(Ops::Sub(xi, ti), bi + j);
      }
      for (; j < half; ++j) {
        const double tr = br[j] * c[j] - bi[j] * s[j];
        const double ti = bi[j] * c[j] + br[j] * s[j];
        const double xr = ar[j], xi = ai[j];
        ar[j] = xr + tr;
        ai[j] = xi + ti;
        br[j] = xr - tr;
        bi[j] = xi - ti;
      }
    }
  }
}

// (re + i im) *= (hr + i sign hi), element by element.
void Multiply(size_t L, const double* HWY_RESTRICT hr,
              const double* HWY_RESTRICT hi, bool conj,
              double* HWY_RESTRICT re, double* HWY_RESTRICT im) {
  using Ops = VecOps<double>;
  constexpr size_t N = Ops::kN;
  const double sign = conj ? -1.0 : 1.0;
  const auto vs = Ops::Set(sign);
  size_t j = 0;
  for (; j + N <= L; j += N) {
    const auto xr = Ops::LoadU(re + j), xi = Ops::LoadU(im + j);
    const auto a = Ops::LoadU(hr + j), b = Ops::Mul(Ops::LoadU(hi + j), vs);
    Ops::StoreU(Ops::Sub(Ops::Mul(xr, a), Ops::Mul(xi, b)), re + j);
    Ops::StoreU(Ops::Add(Ops::Mul(xi, a), Ops::Mul(xr, b)), im + j);
  }
  for (; j < L; ++j) {
    const double xr = re[j], xi = im[j], a = hr[j], b = hi[j] * sign;
    re[j] = xr * a - xi * b;
    im[j] = xi * a + xr * b;
  }
}

// One real sample by a half-length complex transform (batch 1, or the odd
// sample of a batch): z[j] = x[2j] + i x[2j+1] (M = L/2 points); its DFT Z
// gives x's as X[k] = Xe[k] + e^(-2 pi i k/L) Xo[k], Xe/Xo[k] = (Z[k] +- conj
// Z[M-k]) / (2 or 2i), for k = 0 .. M (the rest is X's conjugate mirror).
// Y = X H, then y comes back as the inverse M-point transform of
// (Y[k] + Y[k+M]) + i (Y[k] - Y[k+M]) e^(2 pi i k/L), whose real and
// imaginary parts are y's even and odd entries (times L). Half the work of
// the complex transform with a zero imaginary part. re/im: L doubles each;
// on entry re[0..M) / im[0..M) hold z; on return y[t] is at re[M + t/2]
// (t even) or im[M + t/2] (t odd), times L.
void RealConv(size_t L, const double* HWY_RESTRICT cw, const double* HWY_RESTRICT sw,
              const double* HWY_RESTRICT hr, const double* HWY_RESTRICT hi, bool conj,
              double* HWY_RESTRICT re, double* HWY_RESTRICT im) {
  const size_t M = L / 2;
  const double sign = conj ? -1.0 : 1.0;
  DifForward(M, cw, sw, re, im);  // Z, bit-reversed, in [0, M)
  // Z in natural order into [M, 2M).
  for (size_t k = 0, r = 0; k < M; ++k) {
    re[M + k] = re[r];
    im[M + k] = im[r];
    // r = bit reversal of k + 1 over log2 M bits
    size_t bit = M >> 1;
    for (; bit > 0 && (r & bit); bit >>= 1) r ^= bit;
    r |= bit;
  }
  const double* zr = re + M;
  const double* zi = im + M;
  const double* c = cw + M - 1;  // cos/sin(2 pi k / L), k < M
  const double* s = sw + M - 1;
  // Y[k] = X[k] H[k] for k < M into [0, M) (natural order), Y[M] apart.
  // H is stored bit-reversed over L: H[k] at 2 rev_M(k) (k < M), H[M] at 1.
  double yMr = 0, yMi = 0;
  for (size_t k = 0, r = 0; k <= M; ++k) {
    const size_t a = k < M ? k : 0, b = (M - k) % M;
    const double ar = zr[a], ai = zi[a], br = zr[b], bi = -zi[b];  // Z[k], conj Z[M-k]
    const double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);        // Xe
    const double orr = 0.5 * (ai - bi), oi = -0.5 * (ar - br);      // Xo = -i (Z - conj Z') / 2
    const double wc = k < M ? c[k] : -1.0, ws = k < M ? s[k] : 0.0;  // e^(-2 pi i k/L) = wc - i ws
    const double xr = er + (orr * wc + oi * ws), xi = ei + (oi * wc - orr * ws);
    const size_t at = k < M ? 2 * r : 1;
    const double Hr = hr[at], Hi = sign * hi[at];
    const double yr = xr * Hr - xi * Hi, yi = xr * Hi + xi * Hr;
    if (k < M) {
      re[k] = yr;
      im[k] = yi;
      size_t bit = M >> 1;
      for (; bit > 0 && (r & bit); bit >>= 1) r ^= bit;
      r |= bit;
    } else {
      yMr = yr;
      yMi = yi;
    }
  }
  // Zy[k] = (Y[k] + Y[k+M]) + i (Y[k] - Y[k+M]) e^(2 pi i k/L), Y[k+M] =
  // conj Y[M-k] (k >= 1), Y[M] (k = 0); written bit-reversed for the inverse.
  for (size_t k = 0, r = 0; k < M; ++k) {
    const double pr = re[k], pi = im[k];
    const double qr = k == 0 ? yMr : re[M - k], qi = k == 0 ? yMi : -im[M - k];
    const double dr = pr - qr, di = pi - qi;
    const double odr = dr * c[k] - di * s[k], odi = dr * s[k] + di * c[k];
    re[M + r] = (pr + qr) - odi;
    im[M + r] = (pi + qi) + odr;
    size_t bit = M >> 1;
    for (; bit > 0 && (r & bit); bit >>= 1) r ^= bit;
    r |= bit;
  }
  DitInverse(M, cw, sw, re + M, im + M);
}

// ---- G interleaved transforms (G = the f64 lanes) ----
// A batch of samples goes G pairs at a time: element j of transform l at
// [j * G + l], so every butterfly of every stage is whole vectors across the
// transforms (twiddles broadcast), the short stages included, where the
// one-pair code above runs its stages along one transform and its last two
// in scalar code. Each element sees the same operations in the same order
// as there, so a sample's bits do not depend on which path took it.

// body(a, a's imaginary part, b, b's, cos, sin) on every butterfly (a, b)
// of stage `half` (b half points after a), twiddle j broadcast.
template <class Body>
HWY_INLINE void ForButterflies(size_t L, size_t half, const double* HWY_RESTRICT cw,
                               const double* HWY_RESTRICT sw, double* re, double* im,
                               const Body& body) {
  using Ops = VecOps<double>;
  constexpr size_t G = Ops::kN;
  for (size_t i = 0; i < L; i += 2 * half) {
    for (size_t j = 0; j < half; ++j) {
      double* ar = re + (i + j) * G;
      double* ai = im + (i + j) * G;
      body(ar, ai, ar + half * G, ai + half * G, Ops::Set(cw[half - 1 + j]), Ops::Set(sw[half - 1 + j]));
    }
  }
}

void DifForwardG(size_t L, const double* HWY_RESTRICT cw, const double* HWY_RESTRICT sw,
                 double* HWY_RESTRICT re, double* HWY_RESTRICT im) {
  using Ops = VecOps<double>;
  constexpr size_t G = Ops::kN;
  const size_t last = L >= 4 ? 4 : 1;
  for (size_t half = L / 2; half >= last; half /= 2) {
    ForButterflies(L, half, cw, sw, re, im, [](double* ar, double* ai, double* br, double* bi, auto wc, auto ws) {
      const auto xr = Ops::Load(ar), xi = Ops::Load(ai), yr = Ops::Load(br), yi = Ops::Load(bi);
      const auto dr = Ops::Sub(xr, yr), di = Ops::Sub(xi, yi);
      Ops::Store(Ops::Add(xr, yr), ar);
      Ops::Store(Ops::Add(xi, yi), ai);
      Ops::Store(Ops::Add(Ops::Mul(dr, wc), Ops::Mul(di, ws)), br);
      Ops::Store(Ops::Sub(Ops::Mul(di, wc), Ops::Mul(dr, ws)), bi);
    });
  }
  if (L < 4) return;
  // DifLastTwo's formulas on vectors.
  for (size_t i = 0; i < L; i += 4) {
    double* r = re + i * G;
    double* m = im + i * G;
    const auto r0 = Ops::Load(r), r1 = Ops::Load(r + G), r2 = Ops::Load(r + 2 * G), r3 = Ops::Load(r + 3 * G);
    const auto m0 = Ops::Load(m), m1 = Ops::Load(m + G), m2 = Ops::Load(m + 2 * G), m3 = Ops::Load(m + 3 * G);
    const auto a0r = Ops::Add(r0, r2), a0i = Ops::Add(m0, m2), b0r = Ops::Sub(r0, r2), b0i = Ops::Sub(m0, m2);
    const auto a1r = Ops::Add(r1, r3), a1i = Ops::Add(m1, m3);
    const auto b1r = Ops::Sub(m1, m3), b1i = Ops::Sub(r3, r1);
    Ops::Store(Ops::Add(a0r, a1r), r);
    Ops::Store(Ops::Add(a0i, a1i), m);
    Ops::Store(Ops::Sub(a0r, a1r), r + G);
    Ops::Store(Ops::Sub(a0i, a1i), m + G);
    Ops::Store(Ops::Add(b0r, b1r), r + 2 * G);
    Ops::Store(Ops::Add(b0i, b1i), m + 2 * G);
    Ops::Store(Ops::Sub(b0r, b1r), r + 3 * G);
    Ops::Store(Ops::Sub(b0i, b1i), m + 3 * G);
  }
}

void DitInverseG(size_t L, const double* HWY_RESTRICT cw, const double* HWY_RESTRICT sw,
                 double* HWY_RESTRICT re, double* HWY_RESTRICT im) {
  using Ops = VecOps<double>;
  constexpr size_t G = Ops::kN;
  const size_t first = L >= 4 ? 4 : 1;
  if (L >= 4) {
    // DitFirstTwo's formulas on vectors.
    for (size_t i = 0; i < L; i += 4) {
      double* r = re + i * G;
      double* m = im + i * G;
      const auto r0 = Ops::Load(r), r1 = Ops::Load(r + G), r2 = Ops::Load(r + 2 * G), r3 = Ops::Load(r + 3 * G);
      const auto m0 = Ops::Load(m), m1 = Ops::Load(m + G), m2 = Ops::Load(m + 2 * G), m3 = Ops::Load(m + 3 * G);
      const auto s0r = Ops::Add(r0, r1), s0i = Ops::Add(m0, m1), s1r = Ops::Sub(r0, r1), s1i = Ops::Sub(m0, m1);
      const auto s2r = Ops::Add(r2, r3), s2i = Ops::Add(m2, m3), s3r = Ops::Sub(r2, r3), s3i = Ops::Sub(m2, m3);
      Ops::Store(Ops::Add(s0r, s2r), r);
      Ops::Store(Ops::Add(s0i, s2i), m);
      Ops::Store(Ops::Sub(s0r, s2r), r + 2 * G);
      Ops::Store(Ops::Sub(s0i, s2i), m + 2 * G);
      Ops::Store(Ops::Sub(s1r, s3i), r + G);
      Ops::Store(Ops::Add(s1i, s3r), m + G);
      Ops::Store(Ops::Add(s1r, s3i), r + 3 * G);
      Ops::Store(Ops::Sub(s1i, s3r), m + 3 * G);
    }
  }
  for (size_t half = first; half < L; half *= 2) {
    ForButterflies(L, half, cw, sw, re, im, [](double* ar, double* ai, double* br, double* bi, auto wc, auto ws) {
      const auto yr = Ops::Load(br), yi = Ops::Load(bi);
      const auto tr = Ops::Sub(Ops::Mul(yr, wc), Ops::Mul(yi, ws));
      const auto ti = Ops::Add(Ops::Mul(yi, wc), Ops::Mul(yr, ws));
      const auto xr = Ops::Load(ar), xi = Ops::Load(ai);
      Ops::Store(Ops::Add(xr, tr), ar);
      Ops::Store(Ops::Add(xi, ti), ai);
      Ops::Store(Ops::Sub(xr, tr), br);
      Ops::Store(Ops::Sub(xi, ti), bi);
    });
  }
}

// Multiply's formulas, each spectrum entry broadcast over the G transforms.
void MultiplyG(size_t L, const double* HWY_RESTRICT hr, const double* HWY_RESTRICT hi, bool conj,
               double* HWY_RESTRICT re, double* HWY_RESTRICT im) {
  using Ops = VecOps<double>;
  constexpr size_t G = Ops::kN;
  const auto vs = Ops::Set(conj ? -1.0 : 1.0);
  for (size_t j = 0; j < L; ++j) {
    const auto xr = Ops::Load(re + j * G), xi = Ops::Load(im + j * G);
    const auto a = Ops::Set(hr[j]), b = Ops::Mul(Ops::Set(hi[j]), vs);
    Ops::Store(Ops::Sub(Ops::Mul(xr, a), Ops::Mul(xi, b)), re + j * G);
    Ops::Store(Ops::Add(Ops::Mul(xi, a), Ops::Mul(xr, b)), im + j * G);
  }
}

void Forward(size_t L, const double* cw, const double* sw, double* re, double* im) {
  DifForward(L, cw, sw, re, im);
}

// The exponent e with max |x| in [2^(e-1), 2^e), or 0 when x is all zeros
// (*zero set) or holds a NaN or an infinity (left unscaled: they propagate
// as they are).
template <typename T>
int ScaleExponent(const T* x, size_t n, bool* zero) {
  double top = 0;
  *zero = false;
  for (size_t j = 0; j < n; ++j) {
    const double a = std::fabs(static_cast<double>(x[j]));
    if (std::isnan(a)) return 0;
    if (a > top) top = a;
  }
  *zero = top == 0;
  if (!(top > 0) || !std::isfinite(top)) return 0;
  int e;
  std::frexp(top, &e);
  return e;
}

// Samples go into the transforms scaled by 2^-e and come out scaled by 2^e
// (ScaleExponent). std::ldexp is a libm call per element, 45% of a batch's
// time; a multiply by 2^e rounds the same way (one correctly rounded
// operation on the exact product) whenever 2^e is a normal double, so the
// call is left for exponents near the ends of the range.
inline bool NormalPow2(int e) { return e >= -1022 && e <= 1022; }

// dst[j · stride] = x[j] · 2^-e, j < n.
template <typename T>
void ScaledIn(const T* x, size_t n, int e, double* dst, size_t stride) {
  if (NormalPow2(e)) {
    const double f = std::ldexp(1.0, -e);
    for (size_t j = 0; j < n; ++j) dst[j * stride] = static_cast<double>(x[j]) * f;
  } else {
    for (size_t j = 0; j < n; ++j) dst[j * stride] = std::ldexp(static_cast<double>(x[j]), -e);
  }
}

// y[i] = (src[((i + shift) mod L) · stride] · scale) · 2^e · keep + 0, i < nout.
template <typename T>
void ScaledOut(const double* src, size_t stride, size_t shift, size_t L, double scale, int e,
               double keep, T* y, size_t nout) {
  if (NormalPow2(e)) {
    const double f = std::ldexp(1.0, e);
    for (size_t i = 0; i < nout; ++i) {
      y[i] = static_cast<T>(src[((i + shift) & (L - 1)) * stride] * scale * f * keep + 0.0);
    }
  } else {
    for (size_t i = 0; i < nout; ++i) {
      y[i] = static_cast<T>(std::ldexp(src[((i + shift) & (L - 1)) * stride] * scale, e) * keep + 0.0);
    }
  }
}

// Interleaved groups only up to this length: G · 16 bytes per point each
// (8 MiB at AVX-512's G = 8), so a group's buffers stay near L2 and L3.
constexpr size_t kGroupMaxL = size_t{1} << 16;

// Samples X[0 .. 2G) (rows ldx apart) into Y's rows: transform l holds
// samples 2l (real part) and 2l + 1 (imaginary part), scaled and zeroed as
// the pair path does. re, im: G · L doubles each, aligned.
template <typename T>
void ConvGroup(size_t nin, size_t nout, size_t shift, size_t L, bool trans,
               const double* cw, const double* sw, const double* hr, const double* hi,
               const T* X, size_t ldx, T* Y, size_t ldy, double* HWY_RESTRICT re,
               double* HWY_RESTRICT im) {
  constexpr size_t G = VecOps<double>::kN;
  int e[2 * G];
  double keep[2 * G];
  for (size_t q = 0; q < 2 * G; ++q) {
    bool zero = false;
    e[q] = ScaleExponent(X + q * ldx, nin, &zero);
    keep[q] = zero ? 0.0 : 1.0;
  }
  for (size_t l = 0; l < G; ++l) {
    ScaledIn(X + 2 * l * ldx, nin, e[2 * l], re + l, G);
    ScaledIn(X + (2 * l + 1) * ldx, nin, e[2 * l + 1], im + l, G);
  }
  std::memset(re + nin * G, 0, (L - nin) * G * sizeof(double));
  std::memset(im + nin * G, 0, (L - nin) * G * sizeof(double));
  DifForwardG(L, cw, sw, re, im);
  MultiplyG(L, hr, hi, trans, re, im);
  DitInverseG(L, cw, sw, re, im);
  const double scale = 1.0 / static_cast<double>(L);
  for (size_t l = 0; l < G; ++l) {
    ScaledOut(re + l, G, shift, L, scale, e[2 * l], keep[2 * l], Y + 2 * l * ldy, nout);
    ScaledOut(im + l, G, shift, L, scale, e[2 * l + 1], keep[2 * l + 1], Y + (2 * l + 1) * ldy, nout);
  }
}

template <typename T>
skm_status ConvT(bool trans, size_t batch, size_t m, size_t n, size_t off,
                 size_t L, const double* plan, const T* X, size_t ldx, T* Y,
                 size_t ldy) {
  const size_t nin = trans ? m : n, nout = trans ? n : m;
  // Where output i is read: (i + off) mod L forward, (i - off) mod L transposed.
  const size_t shift = trans ? (L - off) & (L - 1) : off;
  const double* cw = plan;
  const double* sw = plan + L;
  const double* hr = plan + 2 * L;
  const double* hi = plan + 3 * L;
  const double scale = 1.0 / static_cast<double>(L);  // exact: a power of two
  // Whole groups of 2G samples go interleaved (ConvGroup), spread over the
  // threads, while G copies of the buffers stay small; the rest pair by pair
  // below. Both pair samples (s, s + 1) from the same even s, so the split
  // changes no bits.
  constexpr size_t G = VecOps<double>::kN;
  const size_t groups = G >= 2 && L <= kGroupMaxL ? batch / (2 * G) : 0;
  size_t done = 0;
  if (groups > 0) {
    const size_t work = groups * L;
    const size_t tasks = work >= (size_t{1} << 14) ? HWY_MIN(groups, size_t(Threads())) : 1;
    AlignedArray<double> bufs(Count({tasks, 2 * G, L}));
    if (bufs.p == nullptr) return SKM_ENOMEM;
    std::atomic<bool> cancelled{false};
    ParallelFor(tasks, [&](size_t t) {
      double* re = bufs.p + t * 2 * G * L;
      for (size_t g = t; g < groups; g += tasks) {
        if (cancelled.load(std::memory_order_relaxed) || Cancelled()) {
          cancelled.store(true, std::memory_order_relaxed);
          return;
        }
        ConvGroup(nin, nout, shift, L, trans, cw, sw, hr, hi, X + 2 * G * g * ldx, ldx,
                  Y + 2 * G * g * ldy, ldy, re, re + G * L);
      }
    });
    if (cancelled.load()) return SKM_ECANCELED;
    done = 2 * G * groups;
  }
  AlignedArray<double> buf(Count({2, L}));
  if (buf.p == nullptr) return SKM_ENOMEM;
  double* re = buf.p;
  double* im = buf.p + L;
  for (size_t s = done; s < batch; s += 2) {
    if (Cancelled()) return SKM_ECANCELED;
    const bool two = s + 1 < batch;
    const T* x0 = X + s * ldx;
    if (!two && L >= 4) {
      // A lone sample: the real transform of half the length.
      const size_t M = L / 2;
      for (size_t j = 0; j < M; ++j) {
        re[j] = 2 * j < nin ? static_cast<double>(x0[2 * j]) : 0.0;
        im[j] = 2 * j + 1 < nin ? static_cast<double>(x0[2 * j + 1]) : 0.0;
      }
      RealConv(L, cw, sw, hr, hi, trans, re, im);
      T* y0 = Y + s * ldy;
      for (size_t i = 0; i < nout; ++i) {
        const size_t t = (i + shift) & (L - 1);
        y0[i] = static_cast<T>(((t & 1) ? im[M + t / 2] : re[M + t / 2]) * scale);
      }
      continue;
    }
    // The two samples share one transform, so each one's rounding error is
    // relative to the larger of the two: both are first scaled by powers of
    // two (exact) to a largest entry in [0.5, 1), and scaled back after.
    const T* x1 = two ? x0 + ldx : x0;
    bool z0 = false, z1 = false;
    const int e0 = ScaleExponent(x0, nin, &z0), e1 = two ? ScaleExponent(x1, nin, &z1) : 0;
    // A zero sample paired with another gets only that one's rounding: its
    // exact result is 0 (NaN where the kernel holds a NaN or an infinity),
    // which v * 0 + 0 gives from any finite v.
    const double k0 = z0 ? 0.0 : 1.0, k1 = z1 ? 0.0 : 1.0;
    ScaledIn(x0, nin, e0, re, 1);
    if (two) {
      ScaledIn(x1, nin, e1, im, 1);
    } else {
      for (size_t j = 0; j < nin; ++j) im[j] = 0.0;
    }
    for (size_t j = nin; j < L; ++j) re[j] = im[j] = 0.0;
    DifForward(L, cw, sw, re, im);
    Multiply(L, hr, hi, trans, re, im);
    DitInverse(L, cw, sw, re, im);
    ScaledOut(re, 1, shift, L, scale, e0, k0, Y + s * ldy, nout);
    if (two) ScaledOut(im, 1, shift, L, scale, e1, k1, Y + (s + 1) * ldy, nout);
  }
  return SKM_OK;
}

skm_status ConvF32(bool trans, size_t batch, size_t m, size_t n, size_t off, size_t L,
                   const double* plan, const float* X, size_t ldx, float* Y, size_t ldy) {
  return ConvT<float>(trans, batch, m, n, off, L, plan, X, ldx, Y, ldy);
}
skm_status ConvF64(bool trans, size_t batch, size_t m, size_t n, size_t off, size_t L,
                   const double* plan, const double* X, size_t ldx, double* Y, size_t ldy) {
  return ConvT<double>(trans, batch, m, n, off, L, plan, X, ldx, Y, ldy);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(Forward);
HWY_EXPORT(ConvF32);
HWY_EXPORT(ConvF64);

namespace {

constexpr skm_int kMaxLength = skm_int{1} << 28;

bool PowerOfTwo(skm_int L) { return L >= 1 && L <= kMaxLength && (L & (L - 1)) == 0; }

skm_status Plan(skm_int L, skm_int hlen, const double* h, double* plan) {
  if (!PowerOfTwo(L) || hlen < 0 || hlen > L) return SKM_EINVAL;
  if (plan == nullptr || (hlen > 0 && h == nullptr)) return SKM_EINVAL;
  const size_t n = static_cast<size_t>(L);
  // Build in scratch, then copy: plan is written only on success.
  AlignedArray<double> buf(Count({4, n}));
  if (buf.p == nullptr) return SKM_ENOMEM;
  double* cw = buf.p;
  double* sw = cw + n;
  double* re = sw + n;
  double* im = re + n;
  cw[n - 1] = sw[n - 1] = 0.0;  // the pads
  for (size_t half = 1; half < n; half *= 2) {
    for (size_t j = 0; j < half; ++j) {
      SinCos2Pi(static_cast<double>(j) / static_cast<double>(2 * half), &sw[half - 1 + j], &cw[half - 1 + j]);
    }
  }
  for (size_t j = 0; j < n; ++j) {
    re[j] = j < static_cast<size_t>(hlen) ? h[j] : 0.0;
    im[j] = 0.0;
  }
  HWY_DYNAMIC_DISPATCH(Forward)(n, cw, sw, re, im);
  std::memcpy(plan, buf.p, 4 * n * sizeof(double));
  return SKM_OK;
}

skm_status Dispatch(bool trans, size_t batch, size_t m, size_t n, size_t off, size_t L,
                    const double* plan, const float* X, size_t ldx, float* Y, size_t ldy) {
  return HWY_DYNAMIC_DISPATCH(ConvF32)(trans, batch, m, n, off, L, plan, X, ldx, Y, ldy);
}
skm_status Dispatch(bool trans, size_t batch, size_t m, size_t n, size_t off, size_t L,
                    const double* plan, const double* X, size_t ldx, double* Y, size_t ldy) {
  return HWY_DYNAMIC_DISPATCH(ConvF64)(trans, batch, m, n, off, L, plan, X, ldx, Y, ldy);
}

template <typename T>
skm_status Conv(int32_t trans, skm_int batch, skm_int m, skm_int n, skm_int off, skm_int L,
                const double* plan, const T* X, skm_int ldx, T* Y, skm_int ldy) {
  if (trans != 0 && trans != 1) return SKM_EINVAL;
  if (batch < 0 || m < 0 || n < 0 || off < 0 || ldx < 0 || ldy < 0) return SKM_EINVAL;
  if (!PowerOfTwo(L) || m > L || n > L || off >= L) return SKM_EINVAL;
  const skm_int nin = trans ? m : n, nout = trans ? n : m;
  if (batch > 0 && (ldx < nin || ldy < nout)) return SKM_EINVAL;
  skm_int last;
  if (batch > 0 && (__builtin_mul_overflow(batch - 1, ldx, &last) ||
                    __builtin_mul_overflow(batch - 1, ldy, &last))) {
    return SKM_EINVAL;
  }
  if (batch == 0 || nout == 0) return SKM_OK;
  if (Y == nullptr) return SKM_EINVAL;
  if (nin == 0) {
    for (skm_int b = 0; b < batch; ++b)
      for (skm_int i = 0; i < nout; ++i) Y[b * ldy + i] = T(0);
    return SKM_OK;
  }
  if (plan == nullptr || X == nullptr) return SKM_EINVAL;
  return Dispatch(trans != 0, size_t(batch), size_t(m), size_t(n), size_t(off), size_t(L), plan, X,
                  size_t(ldx), Y, size_t(ldy));
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_fft_conv_plan(skm_int L, skm_int hlen, const double* h, double* plan) {
  return skm::Guarded([&] { return skm::Plan(L, hlen, h, plan); });
}

SKM_API skm_status skm_fft_conv_f32(int32_t trans, skm_int batch, skm_int m, skm_int n,
                                    skm_int off, skm_int L, const double* plan, const float* X,
                                    skm_int ldx, float* Y, skm_int ldy) {
  return skm::Guarded([&] { return skm::Conv<float>(trans, batch, m, n, off, L, plan, X, ldx, Y, ldy); });
}

SKM_API skm_status skm_fft_conv_f64(int32_t trans, skm_int batch, skm_int m, skm_int n,
                                    skm_int off, skm_int L, const double* plan, const double* X,
                                    skm_int ldx, double* Y, skm_int ldy) {
  return skm::Guarded([&] { return skm::Conv<double>(trans, batch, m, n, off, L, plan, X, ldx, Y, ldy); });
}

}  // extern "C"
#endif  // HWY_ONCE
