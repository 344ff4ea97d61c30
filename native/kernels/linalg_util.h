// What the dense factorizations share: checked scratch, the GEMM by dtype,
// argument checks, overflow-safe norms and Householder reflectors.
// Plain C++ (no Highway): the O(n^3) work goes through skm_gemm_*, and what
// is left is O(n^2 * block) loops over contiguous rows.
#ifndef SKETCHMAT_KERNELS_LINALG_UTIL_H_
#define SKETCHMAT_KERNELS_LINALG_UTIL_H_

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "alloc.h"
#include "row_ops.h"
#include "sketchmat.h"

namespace skm {
namespace linalg {

// Scratch of `count` T (at least one), freed with the object; p is nullptr
// when the size does not fit or malloc fails (the caller returns SKM_ENOMEM).
template <typename T>
struct Scratch {
  T* p;
  explicit Scratch(uint64_t count) : p(AllocArray<T>(count == 0 ? 1 : count)) {}
  ~Scratch() { std::free(p); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

inline skm_status Gemm(bool tA, bool tB, skm_int m, skm_int n, skm_int k, float alpha, const float* A,
                       skm_int lda, const float* B, skm_int ldb, float beta, float* C, skm_int ldc) {
  return skm_gemm_f32(tA, tB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}
inline skm_status Gemm(bool tA, bool tB, skm_int m, skm_int n, skm_int k, double alpha, const double* A,
                       skm_int lda, const double* B, skm_int ldb, double beta, double* C, skm_int ldc) {
  return skm_gemm_f64(tA, tB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}

// A rows x cols matrix stored at ld: ld >= cols when a row is read, and a
// pointer whenever there is an element.
inline bool StoredOk(const void* p, skm_int rows, skm_int cols, skm_int ld) {
  if (rows < 0 || cols < 0 || ld < 0) return false;
  if (rows > 0 && ld < cols) return false;
  if (rows > 0 && cols > 0 && p == nullptr) return false;
  return true;
}

inline bool IsFlag(int32_t v) { return v == 0 || v == 1; }

template <typename T>
constexpr T Eps() {
  return std::numeric_limits<T>::epsilon();
}

// Euclidean norm of n values at stride inc without overflow or underflow:
// f32 sums squares in double (exact enough, and its range covers f32's);
// f64 scales by the largest magnitude first.
inline float Norm2(skm_int n, const float* x, skm_int inc) {
  double s = 0;
  for (skm_int i = 0; i < n; ++i) {
    const double v = x[i * inc];
    s += v * v;
  }
  return static_cast<float>(std::sqrt(s));
}
inline double Norm2(skm_int n, const double* x, skm_int inc) {
  double amax = 0;
  for (skm_int i = 0; i < n; ++i) amax = std::fmax(amax, std::fabs(x[i * inc]));
  if (amax == 0 || !std::isfinite(amax)) return amax == 0 ? 0 : (std::isnan(amax) ? amax : HUGE_VAL);
  double s = 0;
  for (skm_int i = 0; i < n; ++i) {
    const double v = x[i * inc] / amax;
    s += v * v;
  }
  return amax * std::sqrt(s);
}

// Householder reflector (LAPACK larfg): given alpha and x (n values at
// stride inc), finds tau and v = [1; x'] with (I - tau v v^T) [alpha; x] =
// [beta; 0]; x is overwritten by x', the return value is beta. beta =
// -sign(alpha) * ||[alpha; x]||, so 1 <= tau <= 2 and alpha - beta never
// cancels. tau = 0 (H = I) when x is already zero. When |beta| is so small
// that 1 / (alpha - beta) would overflow (the noise left in a rank-deficient
// trailing block), alpha and x are scaled up by powers of 1/safmin first and
// beta scaled back, as larfg does.
template <typename T>
T Reflector(T alpha, skm_int n, T* x, skm_int inc, T* tau) {
  T xnorm = Norm2(n, x, inc);
  if (xnorm == T(0)) {
    *tau = T(0);
    return alpha;
  }
  T beta = -std::copysign(std::hypot(alpha, xnorm), alpha);
  const T safmin = std::numeric_limits<T>::min() / Eps<T>();
  int rescaled = 0;
  if (std::fabs(beta) < safmin) {
    const T up = T(1) / safmin;
    do {
      for (skm_int i = 0; i < n; ++i) x[i * inc] *= up;
      beta *= up;
      alpha *= up;
      ++rescaled;
    } while (std::fabs(beta) < safmin && rescaled < 20);
    xnorm = Norm2(n, x, inc);
    beta = -std::copysign(std::hypot(alpha, xnorm), alpha);
  }
  *tau = (beta - alpha) / beta;
  const T scale = T(1) / (alpha - beta);
  for (skm_int i = 0; i < n; ++i) x[i * inc] *= scale;
  for (int j = 0; j < rescaled; ++j) beta *= safmin;
  return beta;
}

// Dot product of contiguous rows: short ones inline, longer ones through the
// vectorized, dispatched RowDot (row_ops.cc).
template <typename T>
T Dot(skm_int n, const T* x, const T* y) {
  if (n >= 16) return RowDot(size_t(n), x, y);
  T s = 0;
  for (skm_int i = 0; i < n; ++i) s += x[i] * y[i];
  return s;
}

// The exponent e with amax * 2^-e near 1, clamped so that 2^-e is a finite
// normal number (a subnormal amax would otherwise ask for 2^1074).
template <typename T>
int ScaleExponent(T amax) {
  if (!(amax > T(0))) return 0;
  const int e = std::ilogb(amax);
  const int lo = std::numeric_limits<T>::min_exponent, hi = std::numeric_limits<T>::max_exponent - 2;
  return e < lo ? lo : (e > hi ? hi : e);
}

// True when every entry of the rows x cols block (lower triangle only when
// `lowerOnly`) is finite.
template <typename T>
bool AllFinite(skm_int rows, skm_int cols, const T* A, skm_int lda, bool lowerOnly) {
  for (skm_int i = 0; i < rows; ++i) {
    const skm_int end = lowerOnly ? i + 1 : cols;
    T acc = 0;
    for (skm_int j = 0; j < end; ++j) acc += A[i * lda + j] * T(0);
    if (acc != T(0)) return false;  // Inf * 0 and NaN * 0 are NaN
  }
  return true;
}

}  // namespace linalg
}  // namespace skm

#endif  // SKETCHMAT_KERNELS_LINALG_UTIL_H_
