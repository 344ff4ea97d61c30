// Counter-based randomness: Philox4x32-10 and the fixed formulas that turn its
// words into uniform, Gaussian and Rademacher values (see RANDOM.md).
//
// Everything here is the scalar *definition*. Vectorized code (random_fill.cc)
// and the TypeScript reference (test/reference/philox.ts) evaluate exactly the
// same operations in the same order, so every backend gives the same bits.
// Rules for code in this file and its vector twins:
// - only IEEE-754 binary64 +, -, *, /, sqrt (each correctly rounded), exact
//   bit manipulation, and exact conversions of small integers;
// - no libm (log, sin, cos, exp, floor of the C library differ between
//   platforms in their last bits), no fused multiply-add: the build uses
//   -ffp-contract=off and nothing here asks for an FMA explicitly;
// - polynomials are evaluated by Horner's rule in the order written.
#ifndef SKETCHMAT_KERNELS_PHILOX_H_
#define SKETCHMAT_KERNELS_PHILOX_H_

#include <cstdint>
#include <cmath>
#include <cstring>

namespace skm {

// ---- Philox4x32-10 (Salmon, Moraes, Dror, Shaw, SC'11) ----------------------

constexpr uint32_t kPhiloxM0 = 0xD2511F53u;  // multiplier of counter word 0
constexpr uint32_t kPhiloxM1 = 0xCD9E8D57u;  // multiplier of counter word 2
constexpr uint32_t kPhiloxW0 = 0x9E3779B9u;  // key schedule: golden ratio
constexpr uint32_t kPhiloxW1 = 0xBB67AE85u;  // key schedule: sqrt(3) - 1
constexpr int kPhiloxRounds = 10;

// One round on the counter words c[0..3] with round key (k0, k1).
inline void PhiloxRound(uint32_t c[4], uint32_t k0, uint32_t k1) {
  const uint64_t p0 = static_cast<uint64_t>(kPhiloxM0) * c[0];
  const uint64_t p1 = static_cast<uint64_t>(kPhiloxM1) * c[2];
  const uint32_t n0 = static_cast<uint32_t>(p1 >> 32) ^ c[1] ^ k0;
  const uint32_t n1 = static_cast<uint32_t>(p1);
  const uint32_t n2 = static_cast<uint32_t>(p0 >> 32) ^ c[3] ^ k1;
  const uint32_t n3 = static_cast<uint32_t>(p0);
  c[0] = n0;
  c[1] = n1;
  c[2] = n2;
  c[3] = n3;
}

// out = Philox4x32-10(ctr, key). out may alias ctr.
inline void Philox4x32(const uint32_t ctr[4], const uint32_t key[2],
                       uint32_t out[4]) {
  uint32_t c[4] = {ctr[0], ctr[1], ctr[2], ctr[3]};
  uint32_t k0 = key[0], k1 = key[1];
  for (int r = 0; r < kPhiloxRounds; ++r) {
    PhiloxRound(c, k0, k1);
    k0 += kPhiloxW0;  // wraps mod 2^32
    k1 += kPhiloxW1;
  }
  out[0] = c[0];
  out[1] = c[1];
  out[2] = c[2];
  out[3] = c[3];
}

// ---- constants of the fixed formulas (exact binary64 values) ---------------

namespace rng {

// Log: ln 2 split so that e * kLn2Hi is exact for |e| < 2^11.
constexpr double kLn2Hi = 0x1.62e42fefa3800p-1;   // 0x3FE62E42FEFA3800
constexpr double kLn2Lo = 0x1.ef35793c76730p-45;  // 0x3D2EF35793C76730
constexpr double kSqrt2 = 0x1.6a09e667f3bcdp+0;   // 0x3FF6A09E667F3BCD
// 2/(2k+1), k = 1..10: the series of 2*atanh(s) after its first term.
constexpr double kLogL[10] = {
    0x1.5555555555555p-1,  // 2/3
    0x1.999999999999ap-2,  // 2/5
    0x1.2492492492492p-2,  // 2/7
    0x1.c71c71c71c71cp-3,  // 2/9
    0x1.745d1745d1746p-3,  // 2/11
    0x1.3b13b13b13b14p-3,  // 2/13
    0x1.1111111111111p-3,  // 2/15
    0x1.e1e1e1e1e1e1ep-4,  // 2/17
    0x1.af286bca1af28p-4,  // 2/19
    0x1.8618618618618p-4,  // 2/21
};

// SinCos2Pi: pi/4 and the Taylor coefficients of sin and cos.
constexpr double kPiOver4 = 0x1.921fb54442d18p-1;  // 0x3FE921FB54442D18
// (-1)^k / (2k+1)!, k = 1..9
constexpr double kSinS[9] = {
    -0x1.5555555555555p-3,  0x1.1111111111111p-7,  -0x1.a01a01a01a01ap-13,
    0x1.71de3a556c734p-19,  -0x1.ae64567f544e4p-26, 0x1.6124613a86d09p-33,
    -0x1.ae7f3e733b81fp-41, 0x1.952c77030ad4ap-49,  -0x1.2f49b46814157p-57,
};
// (-1)^k / (2k)!, k = 1..9
constexpr double kCosC[9] = {
    -0x1.0000000000000p-1,  0x1.5555555555555p-5,  -0x1.6c16c16c16c17p-10,
    0x1.a01a01a01a01ap-16,  -0x1.27e4fb7789f5cp-22, 0x1.1eed8eff8d898p-29,
    -0x1.93974a8c07c9dp-37, 0x1.ae7f3e733b81fp-45,  -0x1.6827863b97d97p-53,
};

constexpr double kTwo52 = 0x1p52;
constexpr uint64_t kTwo52Bits = 0x4330000000000000ull;  // bits of 2^52

inline double FromBits(uint64_t b) {
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}
inline uint64_t ToBits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

}  // namespace rng

// ---- formulas ----------------------------------------------------------------

// The 53-bit integer k = floor((hi * 2^32 + lo) / 2^11), as u = k * 2^-53 in
// [0, 1). Both terms and their sum are exact.
inline double Uniform53(uint32_t lo, uint32_t hi) {
  return static_cast<double>(hi) * 0x1p-32 +
         static_cast<double>(lo >> 11) * 0x1p-53;
}

// Natural logarithm of a positive, normal, finite x (the only inputs used
// here are in [2^-53, 1]). Max error about 1 ulp. Log(1) = +0.
inline double Log(double x) {
  using namespace rng;
  const uint64_t bits = ToBits(x);
  // Exponent as an exact double: (2^52 + biased) - (2^52 + 1023).
  double e = FromBits(kTwo52Bits | (bits >> 52)) - (kTwo52 + 1023.0);
  // Mantissa m in [1, 2), then in (sqrt(2)/2, sqrt(2)].
  double m = FromBits((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
  if (m > kSqrt2) {
    m = m * 0.5;
    e = e + 1.0;
  }
  const double f = m - 1.0;  // exact
  const double s = f / (2.0 + f);
  const double z = s * s;
  double t = kLogL[9];
  for (int k = 8; k >= 0; --k) t = kLogL[k] + z * t;
  const double R = z * t;
  const double hfsq = 0.5 * f * f;  // (0.5 * f) * f
  // log(1 + f) = f - (hfsq - s * (hfsq + R)); add e*ln2 in two pieces.
  const double lo = s * (hfsq + R) + e * kLn2Lo;
  return e * kLn2Hi + (f - (hfsq - lo));
}

// sin(2*pi*u) and cos(2*pi*u) for u in [0, 1). Max error about 1 ulp.
// Octant reduction is exact: t = 8u, q = floor(t), f = t - q.
inline void SinCos2Pi(double u, double* sin_out, double* cos_out) {
  using namespace rng;
  const double t = u * 8.0;
  // qd = floor(t) for t in [0, 8): t rounded to an integer by adding and
  // subtracting 2^52, minus one if that overshot t (all steps exact); q is
  // the same integer read from the low mantissa bits of qd + 2^52.
  double qd = (t + kTwo52) - kTwo52;
  if (qd > t) qd = qd - 1.0;
  const uint32_t q = static_cast<uint32_t>(ToBits(qd + kTwo52)) & 7u;
  const double f = t - qd;                   // exact, in [0, 1)
  const double g = (q & 1u) ? 1.0 - f : f;   // exact, in [0, 1]
  const double a = g * kPiOver4;             // in [0, pi/4]
  const double z = a * a;
  double ps = kSinS[8];
  for (int k = 7; k >= 0; --k) ps = kSinS[k] + z * ps;
  double pc = kCosC[8];
  for (int k = 7; k >= 0; --k) pc = kCosC[k] + z * pc;
  const double sa = a + (a * z) * ps;
  const double ca = 1.0 + z * pc;
  const bool swap = ((q + 1u) & 2u) != 0;     // q in {1, 2, 5, 6}
  const bool neg_sin = (q & 4u) != 0;         // q in {4, 5, 6, 7}
  const bool neg_cos = ((q + 2u) & 4u) != 0;  // q in {2, 3, 4, 5}
  double sv = swap ? ca : sa;
  double cv = swap ? sa : ca;
  if (neg_sin) sv = -sv;
  if (neg_cos) cv = -cv;
  *sin_out = sv;
  *cos_out = cv;
}

// ---- the random fills' mapping -------------------------------------------------

// Distribution words (also counter word 3, the `kind`). Match SKM_DIST_*.
constexpr uint32_t kKindUniform = 1;
constexpr uint32_t kKindGaussian = 2;
constexpr uint32_t kKindRademacher = 3;

// Entries (i, 2p) and (i, 2p+1) of the matrix named by (seed, stream, kind):
// Philox(ctr = (p, i, stream, kind), key = (seed_lo, seed_hi)) = x[0..3];
// the even column uses 64-bit word x[1]:x[0], the odd column x[3]:x[2].
inline void RandomPair(uint32_t kind, const uint32_t x[4], double* even,
                       double* odd) {
  const double u0 = Uniform53(x[0], x[1]);
  const double u1 = Uniform53(x[2], x[3]);
  if (kind == kKindUniform) {
    *even = u0;
    *odd = u1;
  } else if (kind == kKindGaussian) {
    // Box-Muller: radius from u0 moved to (0, 1], angle from u1.
    const double L = Log(u0 + 0x1p-53);
    const double r = std::sqrt(-2.0 * L);
    double sn, cs;
    SinCos2Pi(u1, &sn, &cs);
    *even = r * cs;
    *odd = r * sn;
  } else {  // Rademacher: the top bit of each 64-bit word, 0 -> +1, 1 -> -1
    *even = (x[1] >> 31) ? -1.0 : 1.0;
    *odd = (x[3] >> 31) ? -1.0 : 1.0;
  }
}

// Entry (i, j) of the random matrix named by (seed, stream, kind), as f64.
inline double RandomEntry(uint32_t kind, uint32_t seed_lo, uint32_t seed_hi,
                          uint32_t stream, uint32_t i, uint32_t j) {
  const uint32_t ctr[4] = {j >> 1, i, stream, kind};
  const uint32_t key[2] = {seed_lo, seed_hi};
  uint32_t x[4];
  Philox4x32(ctr, key, x);
  double even, odd;
  RandomPair(kind, x, &even, &odd);
  return (j & 1u) ? odd : even;
}

// The f32 value of an entry: round_f32(value * scale) (round to nearest
// even); for uniform, a result equal to round_f32(scale) (reachable only by
// rounding) is moved one float toward zero, so uniforms stay strictly inside
// [0, scale) -- for scale = 1: a 1.0f becomes 0x1.fffffep-1.
inline float ToF32(uint32_t kind, double value, double scale) {
  float f = static_cast<float>(value * scale);
  if (kind == kKindUniform) {
    const float fs = static_cast<float>(scale);
    uint32_t fb, sb;
    std::memcpy(&fb, &f, 4);
    std::memcpy(&sb, &fs, 4);
    // fs finite and nonzero: exponent field not all ones, magnitude not 0.
    if (fb == sb && (sb & 0x7F800000u) != 0x7F800000u &&
        (sb & 0x7FFFFFFFu) != 0) {
      fb -= 1;  // one step toward zero, sign kept
      std::memcpy(&f, &fb, 4);
    }
  }
  return f;
}

}  // namespace skm

#endif  // SKETCHMAT_KERNELS_PHILOX_H_
