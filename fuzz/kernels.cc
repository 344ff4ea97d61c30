// libFuzzer harnesses over the C ABI (native/include/sketchmat.h).
//
// One source, one binary: scripts/fuzz-native.sh compiles this file once,
// links the kernels built with ASan + UBSan + coverage, and runs the binary
// once per row of kTargets below, the row named by the environment variable
// SKM_FUZZ_TARGET, on its corpus in fuzz/corpus/<name>/. (A binary per
// target cost a full ASan build each: minutes of CI.) Adding a kernel to the
// fuzzers means writing one Fuzz<Name>(FuzzedDataProvider&) and adding its
// row to kTargets.
//
// How the harnesses find bugs:
// - Every buffer is allocated with exactly the elements the ABI says the
//   kernel may touch (its "extent"), so one element read or written outside
//   is a heap-buffer-overflow that ASan reports; empty buffers are nullptr.
// - Arguments the ABI calls inconsistent (negative sizes, ld too small,
//   unknown enums, offsets past 2^32) are passed with nullptr buffers and
//   must give SKM_EINVAL without touching anything.
// - Oracles: a plain double-precision reference (GEMM/GEMV, within the
//   Higham bound), same bits for 1 and several threads, padding between rows
//   never written, beta = 0 never reads the output (it starts as NaN), and any
//   block of a random fill equal to the same entries of a larger fill.
// A failed oracle calls Fail(), which aborts: libFuzzer saves the input.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <limits>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "sketchmat.h"
#include "skm_features.h"

namespace {

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "sketchmat fuzz oracle failed: %s\n", what);
  std::abort();
}

// Exactly n elements on the heap (nullptr when n == 0).
template <typename T>
struct Exact {
  T* p = nullptr;
  size_t n = 0;
  explicit Exact(size_t count) : n(count) {
    if (n) {
      p = static_cast<T*>(std::malloc(n * sizeof(T)));
      if (!p) Fail("harness out of memory");
    }
  }
  Exact(const Exact&) = delete;
  Exact& operator=(const Exact&) = delete;
  ~Exact() { std::free(p); }
};

size_t Extent(int64_t rows, int64_t cols, int64_t ld) {
  return rows <= 0 || cols <= 0 ? 0 : size_t((rows - 1) * ld + cols);
}

// Sizes: mostly small (every tile edge case), sometimes a few hundred.
int64_t Dim(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 9)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return in.ConsumeIntegralInRange<int64_t>(100, 300);
    default: return in.ConsumeIntegralInRange<int64_t>(0, 40);
  }
}

// Values: mostly in [-1, 1], sometimes zeros of both signs, tiny, large, NaN, ±Inf.
template <typename T>
T Value(FuzzedDataProvider& in) {
  static const double kSpecial[] = {0.0, -0.0, 1e-30, -1e-30, 1e15, -1e15,
                                    NAN, INFINITY, -INFINITY, 1.0, -1.0, 0.5};
  const uint8_t b = in.ConsumeIntegral<uint8_t>();
  if (b >= 244) return T(kSpecial[b - 244]);
  return T(b / 122.0 - 1.0);
}

template <typename T>
void FillValues(FuzzedDataProvider& in, T* p, size_t n, bool specials) {
  for (size_t i = 0; i < n; ++i) {
    T v = Value<T>(in);
    if (!specials && !std::isfinite(v)) v = T(0.25);
    p[i] = v;
  }
}

bool SameBits(const void* a, const void* b, size_t bytes) {
  return bytes == 0 || std::memcmp(a, b, bytes) == 0;
}

// Caps dispatch at a SIMD level this CPU has and sets the thread count.
void PickMachine(FuzzedDataProvider& in) {
  const int32_t avail = skm_simd_available();
  int levels[8], count = 0;
  for (int l = 0; l < 8; ++l) {
    if (avail & (1 << l)) levels[count++] = l;
  }
  if (count) skm_simd_cap(levels[in.ConsumeIntegralInRange<int>(0, count - 1)]);
  skm_set_threads(in.ConsumeIntegralInRange<int32_t>(1, 4));
}

template <typename T>
constexpr double Eps() {
  return sizeof(T) == 4 ? 0x1p-24 : 0x1p-53;
}
template <typename T>
constexpr double Tiny() {
  return sizeof(T) == 4 ? 0x1p-149 : 0x1p-1074;
}

// got ≈ want within the dot-product bound; NaN and ±Inf must match.
bool Close(double got, double want, double magnitude, double tol, double abs) {
  if (std::isnan(want)) return std::isnan(got);
  if (std::isinf(want)) return got == want;
  return std::fabs(got - want) <= tol * magnitude + abs;
}

// ---- gemm ------------------------------------------------------------------

template <typename T>
skm_status Gemm(int32_t tA, int32_t tB, skm_int m, skm_int n, skm_int k, T alpha,
                const T* A, skm_int lda, const T* B, skm_int ldb, T beta, T* C,
                skm_int ldc) {
  if constexpr (sizeof(T) == 4) {
    return skm_gemm_f32(tA, tB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
  } else {
    return skm_gemm_f64(tA, tB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
  }
}

bool StoredOk(int64_t rows, int64_t cols, int64_t ld) {
  return ld >= 0 && !(rows > 0 && ld < cols);
}

template <typename T>
void FuzzGemmT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int mode = in.ConsumeIntegralInRange<int>(0, 15);
  int32_t tA = in.ConsumeBool(), tB = in.ConsumeBool();
  int64_t m = Dim(in), n = Dim(in), k = Dim(in);
  if (mode == 0) {  // one huge dimension, every buffer empty
    const int64_t huge = in.ConsumeIntegralInRange<int64_t>(1, int64_t{1} << 50);
    const int which = in.ConsumeIntegralInRange<int>(0, 2);
    m = which == 0 ? huge : 0;
    n = which == 1 ? huge : 0;
    k = which == 2 ? huge : 0;
  }
  const int64_t ac = tA ? m : k, bc = tB ? k : n;
  int64_t lda = ac + in.ConsumeIntegralInRange<int64_t>(0, 5);
  int64_t ldb = bc + in.ConsumeIntegralInRange<int64_t>(0, 5);
  int64_t ldc = n + in.ConsumeIntegralInRange<int64_t>(0, 5);
  if (mode == 1) {  // inconsistent arguments: EINVAL, nothing touched
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
      case 0: tA = in.ConsumeIntegral<int32_t>(); break;
      case 1: m = -in.ConsumeIntegralInRange<int64_t>(1, INT64_MAX); break;
      case 2: n = -in.ConsumeIntegralInRange<int64_t>(1, INT64_MAX); break;
      case 3: k = -in.ConsumeIntegralInRange<int64_t>(1, INT64_MAX); break;
      case 4: lda = in.ConsumeIntegralInRange<int64_t>(INT64_MIN, ac - 1); break;
      case 5: ldb = in.ConsumeIntegralInRange<int64_t>(INT64_MIN, bc - 1); break;
      default: ldc = in.ConsumeIntegralInRange<int64_t>(INT64_MIN, n - 1); break;
    }
  }
  // Shapes as the (possibly changed) arguments read them.
  const int64_t sar = tA ? k : m, sac = tA ? m : k, sbr = tB ? n : k, sbc = tB ? k : n;
  const bool valid = (tA == 0 || tA == 1) && (tB == 0 || tB == 1) && m >= 0 &&
                     n >= 0 && k >= 0 &&
                     StoredOk(tA ? k : m, tA ? m : k, lda) &&
                     StoredOk(tB ? n : k, tB ? k : n, ldb) && StoredOk(m, n, ldc);
  const T alpha = in.ConsumeBool() ? T(1) : Value<T>(in);
  const T beta = in.ConsumeBool() ? T(0) : Value<T>(in);
  if (std::getenv("SKM_FUZZ_VERBOSE")) {
    std::fprintf(stderr, "gemm f%d tA=%d tB=%d m=%lld n=%lld k=%lld lda=%lld ldb=%lld ldc=%lld alpha=%g beta=%g threads=%d simd=%d valid=%d\n",
                 int(sizeof(T) * 8), tA, tB, (long long)m, (long long)n, (long long)k, (long long)lda,
                 (long long)ldb, (long long)ldc, double(alpha), double(beta), skm_threads(), skm_simd_level(), valid);
  }
  if (!valid) {
    if (Gemm<T>(tA, tB, m, n, k, alpha, nullptr, lda, nullptr, ldb, beta, nullptr,
                ldc) != SKM_EINVAL) {
      Fail("gemm accepted inconsistent arguments");
    }
    return;
  }
  const bool specials = in.ConsumeIntegralInRange<int>(0, 3) == 0;
  Exact<T> A(Extent(sar, sac, lda)), B(Extent(sbr, sbc, ldb)), C(Extent(m, n, ldc));
  FillValues(in, A.p, A.n, specials);
  FillValues(in, B.p, B.n, specials);
  FillValues(in, C.p, C.n, specials);
  // beta = 0: C is not read, so NaN there must not show; padding is a sentinel.
  const T sentinel = T(-12345.0);
  for (int64_t i = 0; C.n > 0 && i < m; ++i) {  // C.n = 0 when m or n is 0 (m may be huge)
    for (int64_t j = 0; j < ldc && size_t(i * ldc + j) < C.n; ++j) {
      if (j >= n) C.p[i * ldc + j] = sentinel;
      else if (beta == T(0)) C.p[i * ldc + j] = T(NAN);
    }
  }
  std::vector<T> C0(C.p, C.p + C.n);
  const skm_status s = Gemm<T>(tA, tB, m, n, k, alpha, A.p, lda, B.p, ldb, beta, C.p, ldc);
  if (s == SKM_ENOMEM) return;
  if (s != SKM_OK) Fail("gemm refused consistent arguments");
  if (C.n == 0) return;
  // Same bits with one thread.
  std::vector<T> again(C0);
  const int32_t threads = skm_threads();
  skm_set_threads(1);
  if (Gemm<T>(tA, tB, m, n, k, alpha, A.p, lda, B.p, ldb, beta, again.data(), ldc) != SKM_OK) {
    Fail("gemm failed on one thread");
  }
  skm_set_threads(threads);
  if (!SameBits(again.data(), C.p, C.n * sizeof(T))) Fail("gemm bits depend on the thread count");
  const double tol = 2.0 * double(k + 2) * Eps<T>();
  const double abs = 4.0 * double(k + 2) * Tiny<T>() * std::fmax(1.0, std::fabs(double(alpha)));
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = n; j < ldc && size_t(i * ldc + j) < C.n; ++j) {
      if (!SameBits(&C.p[i * ldc + j], &sentinel, sizeof(T))) Fail("gemm wrote C's padding");
    }
    for (int64_t j = 0; j < n; ++j) {
      double s = 0, mag = 0;
      if (k > 0 && alpha != T(0)) {
        for (int64_t p = 0; p < k; ++p) {
          const double a = tA ? A.p[p * lda + i] : A.p[i * lda + p];
          const double b = tB ? B.p[j * ldb + p] : B.p[p * ldb + j];
          s += a * b;
          mag += std::fabs(a * b);
        }
        s *= double(alpha);
        mag *= std::fabs(double(alpha));
      }
      const double c = beta != T(0) ? double(beta) * double(C0[i * ldc + j]) : 0.0;
      const double want = s + c;
      if (sizeof(T) == 4 && std::fabs(want) > 3.4e38) continue;  // beyond f32
      if (!Close(double(C.p[i * ldc + j]), want, mag + std::fabs(c), tol, abs)) {
        Fail("gemm result differs from the reference");
      }
    }
  }
}

void FuzzGemm(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzGemmT<float>(in);
  else FuzzGemmT<double>(in);
}

// ---- gemv ------------------------------------------------------------------

template <typename T>
skm_status Gemv(int32_t t, skm_int m, skm_int n, T alpha, const T* A, skm_int lda,
                const T* x, skm_int incx, T beta, T* y, skm_int incy) {
  if constexpr (sizeof(T) == 4) {
    return skm_gemv_f32(t, m, n, alpha, A, lda, x, incx, beta, y, incy);
  } else {
    return skm_gemv_f64(t, m, n, alpha, A, lda, x, incx, beta, y, incy);
  }
}

template <typename T>
void FuzzGemvT(FuzzedDataProvider& in) {
  PickMachine(in);
  int32_t t = in.ConsumeBool();
  int64_t m = Dim(in), n = Dim(in);
  int64_t lda = n + in.ConsumeIntegralInRange<int64_t>(0, 5);
  int64_t incx = in.ConsumeIntegralInRange<int64_t>(1, 4);
  int64_t incy = in.ConsumeIntegralInRange<int64_t>(1, 4);
  if (in.ConsumeIntegralInRange<int>(0, 9) == 0) {
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: t = in.ConsumeIntegral<int32_t>(); break;
      case 1: m = -in.ConsumeIntegralInRange<int64_t>(1, INT64_MAX); break;
      case 2: n = -in.ConsumeIntegralInRange<int64_t>(1, INT64_MAX); break;
      case 3: lda = in.ConsumeIntegralInRange<int64_t>(INT64_MIN, n - 1); break;
      case 4: incx = in.ConsumeIntegralInRange<int64_t>(INT64_MIN, 0); break;
      default: incy = in.ConsumeIntegralInRange<int64_t>(INT64_MIN, 0); break;
    }
  }
  const bool valid = (t == 0 || t == 1) && m >= 0 && n >= 0 && lda >= 0 &&
                     !(m > 0 && lda < n) && incx >= 1 && incy >= 1;
  const T alpha = in.ConsumeBool() ? T(1) : Value<T>(in);
  const T beta = in.ConsumeBool() ? T(0) : Value<T>(in);
  if (!valid) {
    if (Gemv<T>(t, m, n, alpha, nullptr, lda, nullptr, incx, beta, nullptr, incy) != SKM_EINVAL) {
      Fail("gemv accepted inconsistent arguments");
    }
    return;
  }
  const int64_t lx = t ? m : n, ly = t ? n : m;
  Exact<T> A(Extent(m, n, lda)), x(Extent(lx, 1, incx)), y(Extent(ly, 1, incy));
  const bool specials = in.ConsumeIntegralInRange<int>(0, 3) == 0;
  FillValues(in, A.p, A.n, specials);
  FillValues(in, x.p, x.n, specials);
  FillValues(in, y.p, y.n, specials);
  const T sentinel = T(-12345.0);
  for (size_t i = 0; i < y.n; ++i) {
    if (i % incy) y.p[i] = sentinel;
    else if (beta == T(0)) y.p[i] = T(NAN);
  }
  std::vector<T> y0(y.p, y.p + y.n);
  const skm_status s = Gemv<T>(t, m, n, alpha, A.p, lda, x.p, incx, beta, y.p, incy);
  if (s == SKM_ENOMEM) return;
  if (s != SKM_OK) Fail("gemv refused consistent arguments");
  std::vector<T> again(y0);
  const int32_t threads = skm_threads();
  skm_set_threads(1);
  Gemv<T>(t, m, n, alpha, A.p, lda, x.p, incx, beta, again.data(), incy);
  skm_set_threads(threads);
  if (!SameBits(again.data(), y.p, y.n * sizeof(T))) Fail("gemv bits depend on the thread count");
  const int64_t kk = lx;
  const double tol = 2.0 * double(kk + 2) * Eps<T>();
  const double abs = 4.0 * double(kk + 2) * Tiny<T>() * std::fmax(1.0, std::fabs(double(alpha)));
  for (size_t i = 0; i < y.n; ++i) {
    if (i % incy) {
      if (!SameBits(&y.p[i], &sentinel, sizeof(T))) Fail("gemv wrote between y's entries");
      continue;
    }
    const int64_t r = int64_t(i) / incy;
    double sum = 0, mag = 0;
    if (kk > 0 && alpha != T(0)) {
      for (int64_t p = 0; p < kk; ++p) {
        const double a = t ? A.p[p * lda + r] : A.p[r * lda + p];
        const double v = double(a) * double(x.p[p * incx]);
        sum += v;
        mag += std::fabs(v);
      }
      sum *= double(alpha);
      mag *= std::fabs(double(alpha));
    }
    const double c = beta != T(0) ? double(beta) * double(y0[i]) : 0.0;
    const double want = sum + c;
    if (sizeof(T) == 4 && std::fabs(want) > 3.4e38) continue;
    if (!Close(double(y.p[i]), want, mag + std::fabs(c), tol, abs)) Fail("gemv result differs from the reference");
  }
}

void FuzzGemv(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzGemvT<float>(in);
  else FuzzGemvT<double>(in);
}

// ---- gemv_fused ----------------------------------------------------------------

template <typename T>
skm_status GemvFused(skm_int m, skm_int n, const T* A, skm_int lda, const T* x, T beta, T* y, T* z,
                     double* ssq) {
  if constexpr (sizeof(T) == 4) {
    return skm_gemv_fused_f32(m, n, A, lda, x, beta, y, z, ssq);
  } else {
    return skm_gemv_fused_f64(m, n, A, lda, x, beta, y, z, ssq);
  }
}

template <typename T>
void FuzzGemvFusedT(FuzzedDataProvider& in) {
  PickMachine(in);
  int64_t m = Dim(in), n = Dim(in);
  // Sometimes past one 4096-row chunk, so the partial sums are combined.
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
    m = in.ConsumeIntegralInRange<int64_t>(4000, 9000);
    n = in.ConsumeIntegralInRange<int64_t>(0, 3);
  }
  int64_t lda = n + in.ConsumeIntegralInRange<int64_t>(0, 5);
  if (in.ConsumeIntegralInRange<int>(0, 9) == 0) {
    switch (in.ConsumeIntegralInRange<int>(0, 2)) {
      case 0: m = -in.ConsumeIntegralInRange<int64_t>(1, INT64_MAX); break;
      case 1: n = -in.ConsumeIntegralInRange<int64_t>(1, INT64_MAX); break;
      default: lda = in.ConsumeIntegralInRange<int64_t>(INT64_MIN, n - 1); break;
    }
  }
  const bool valid = m >= 0 && n >= 0 && lda >= 0 && !(m > 0 && lda < n);
  const T beta = in.ConsumeBool() ? T(0) : Value<T>(in);
  double ssq = -1;
  if (!valid) {
    if (GemvFused<T>(m, n, nullptr, lda, nullptr, beta, nullptr, nullptr, &ssq) != SKM_EINVAL) {
      Fail("gemv_fused accepted inconsistent arguments");
    }
    return;
  }
  Exact<T> A(Extent(m, n, lda)), x(static_cast<size_t>(n)), y(static_cast<size_t>(m)), z(static_cast<size_t>(n));
  const bool specials = in.ConsumeIntegralInRange<int>(0, 3) == 0;
  FillValues(in, A.p, A.n, specials);
  FillValues(in, x.p, x.n, specials);
  FillValues(in, y.p, y.n, specials);
  if (beta == T(0)) {
    for (size_t i = 0; i < y.n; ++i) y.p[i] = T(NAN);  // not read
  }
  std::vector<T> y0(y.p, y.p + y.n);
  const skm_status s = GemvFused<T>(m, n, A.p, lda, x.p, beta, y.p, z.p, &ssq);
  if (s == SKM_ENOMEM) return;
  if (s != SKM_OK) Fail("gemv_fused refused consistent arguments");
  std::vector<T> y1(y0), z1(z.n);
  double ssq1 = -1;
  const int32_t threads = skm_threads();
  skm_set_threads(1);
  GemvFused<T>(m, n, A.p, lda, x.p, beta, y1.data(), z1.data(), &ssq1);
  skm_set_threads(threads);
  if (!SameBits(y1.data(), y.p, y.n * sizeof(T)) || !SameBits(z1.data(), z.p, z.n * sizeof(T)) ||
      !SameBits(&ssq1, &ssq, sizeof ssq)) {
    Fail("gemv_fused bits depend on the thread count");
  }
  const double big = sizeof(T) == 4 ? 3.4e38 : 1.7e308;
  // sum_i term(i) over count terms in double, and the sum of their |.|.
  const auto dot = [](int64_t count, const auto& term) {
    double sum = 0, mag = 0;
    for (int64_t i = 0; i < count; ++i) {
      const double v = term(i);
      sum += v;
      mag += std::fabs(v);
    }
    return std::pair<double, double>(sum, mag);
  };
  for (int64_t i = 0; i < m; ++i) {
    const auto [sum, mag] = dot(n, [&](int64_t j) { return double(A.p[i * lda + j]) * double(x.p[j]); });
    const double c = beta != T(0) ? double(beta) * double(y0[size_t(i)]) : 0.0;
    if (mag + std::fabs(c) > big) continue;  // float intermediates may overflow where doubles do not
    const double tol = 2.0 * double(n + 2) * Eps<T>();
    if (!Close(double(y.p[i]), sum + c, mag + std::fabs(c), tol, 4.0 * double(n + 2) * Tiny<T>())) {
      Fail("gemv_fused y differs from the reference");
    }
  }
  const double want_ssq = dot(m, [&](int64_t i) { return double(y.p[i]) * double(y.p[i]); }).first;
  if (!Close(ssq, want_ssq, want_ssq, 2.0 * double(m + 2) * 0x1p-53, 0)) Fail("gemv_fused ssq differs from the reference");
  for (int64_t j = 0; j < n; ++j) {
    const auto [sum, mag] = dot(m, [&](int64_t i) { return double(A.p[i * lda + j]) * double(y.p[i]); });
    if (mag > big) continue;
    if (!Close(double(z.p[j]), sum, mag, 2.0 * double(m + 2) * Eps<T>(), 4.0 * double(m + 2) * Tiny<T>())) {
      Fail("gemv_fused z differs from the reference");
    }
  }
}

void FuzzGemvFused(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzGemvFusedT<float>(in);
  else FuzzGemvFusedT<double>(in);
}

// ---- random fills -------------------------------------------------------------

template <typename T>
skm_status Fill(int32_t dist, uint32_t lo, uint32_t hi, uint32_t stream, uint32_t r0,
                uint32_t c0, skm_int rows, skm_int cols, double scale, T* out, skm_int ldo) {
  if constexpr (sizeof(T) == 4) {
    return skm_random_fill_f32(dist, lo, hi, stream, r0, c0, rows, cols, scale, out, ldo);
  } else {
    return skm_random_fill_f64(dist, lo, hi, stream, r0, c0, rows, cols, scale, out, ldo);
  }
}

constexpr int64_t kTwo32 = int64_t{1} << 32;

template <typename T>
void FuzzRandomFillT(FuzzedDataProvider& in) {
  PickMachine(in);
  int32_t dist = in.ConsumeIntegralInRange<int32_t>(1, 3);
  uint32_t lo = in.ConsumeIntegral<uint32_t>();
  uint32_t hi = in.ConsumeIntegralInRange<uint32_t>(0, (1u << 21) - 1);
  const uint32_t stream = in.ConsumeIntegral<uint32_t>();
  int64_t rows = Dim(in), cols = Dim(in);
  // Offsets (uint32 in the ABI) near 0 or near the 2^32 end of the infinite matrix.
  auto offset = [&](int64_t size) {
    const int64_t o = in.ConsumeBool() ? in.ConsumeIntegralInRange<int64_t>(0, 1000)
                                       : kTwo32 - size - in.ConsumeIntegralInRange<int64_t>(0, 3);
    return o < 0 ? int64_t{0} : o >= kTwo32 ? kTwo32 - 1 : o;
  };
  int64_t r0 = offset(rows), c0 = offset(cols);
  int64_t ldo = cols + in.ConsumeIntegralInRange<int64_t>(0, 5);
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
      case 0: dist = in.ConsumeIntegral<int32_t>(); break;
      case 1: hi = in.ConsumeIntegral<uint32_t>(); break;
      case 2: rows = -in.ConsumeIntegralInRange<int64_t>(1, INT64_MAX); break;
      case 3: r0 = in.ConsumeIntegral<uint32_t>(); break;
      case 4: c0 = in.ConsumeIntegral<uint32_t>(); break;
      case 5: cols = in.ConsumeIntegralInRange<int64_t>(0, INT64_MAX); break;
      default: ldo = in.ConsumeIntegralInRange<int64_t>(INT64_MIN, cols - 1); break;
    }
  }
  const double scale = in.ConsumeBool() ? 1.0 : double(Value<double>(in));
  const bool valid = (dist >= 1 && dist <= 3) && hi < (1u << 21) && rows >= 0 &&
                     cols >= 0 && r0 >= 0 && c0 >= 0 && rows <= kTwo32 && cols <= kTwo32 &&
                     r0 <= kTwo32 - rows && c0 <= kTwo32 - cols && !(rows > 0 && ldo < cols);
  const bool empty = rows == 0 || cols == 0;
  // Valid but more than the harness will allocate (a changed cols): nothing to check.
  if (valid && !empty && (rows > (1 << 12) || cols > (1 << 12) || ldo > (1 << 13))) return;
  if (!valid || empty) {
    const skm_status s = Fill<T>(dist, lo, hi, stream, r0, c0, rows, cols, scale, nullptr, ldo);
    if (s != (valid ? SKM_OK : SKM_EINVAL)) Fail("random fill: wrong status for empty or inconsistent arguments");
    return;
  }
  Exact<T> out(Extent(rows, cols, ldo));
  const T sentinel = T(-12345.0);
  for (size_t i = 0; i < out.n; ++i) out.p[i] = sentinel;
  if (Fill<T>(dist, lo, hi, stream, r0, c0, rows, cols, scale, out.p, ldo) != SKM_OK) {
    Fail("random fill refused consistent arguments");
  }
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t j = cols; j < ldo && size_t(i * ldo + j) < out.n; ++j) {
      if (!SameBits(&out.p[i * ldo + j], &sentinel, sizeof(T))) Fail("random fill wrote padding");
    }
  }
  // A sub-block made on its own equals the same entries of the big block.
  const int64_t i0 = in.ConsumeIntegralInRange<int64_t>(0, rows - 1);
  const int64_t j0 = in.ConsumeIntegralInRange<int64_t>(0, cols - 1);
  const int64_t sr = in.ConsumeIntegralInRange<int64_t>(1, rows - i0);
  const int64_t sc = in.ConsumeIntegralInRange<int64_t>(1, cols - j0);
  Exact<T> sub(size_t(sr * sc));
  const int32_t threads = skm_threads();
  skm_set_threads(1);
  if (Fill<T>(dist, lo, hi, stream, r0 + i0, c0 + j0, sr, sc, scale, sub.p, sc) != SKM_OK) {
    Fail("random fill refused a sub-block");
  }
  skm_set_threads(threads);
  for (int64_t i = 0; i < sr; ++i) {
    if (!SameBits(&sub.p[i * sc], &out.p[(i0 + i) * ldo + j0], size_t(sc) * sizeof(T))) {
      Fail("a block of a random fill differs from the same entries of a larger fill");
    }
  }
}

void FuzzRandomFill(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzRandomFillT<float>(in);
  else FuzzRandomFillT<double>(in);
}

// ---- philox and library calls -------------------------------------------------

void FuzzPhilox(FuzzedDataProvider& in) {
  uint32_t ctr[4], key[2], out[4];
  for (uint32_t& w : ctr) w = in.ConsumeIntegral<uint32_t>();
  for (uint32_t& w : key) w = in.ConsumeIntegral<uint32_t>();
  if (skm_philox4x32(ctr, key, out) != SKM_OK) Fail("philox refused valid pointers");
  // out may alias the counter.
  uint32_t inplace[4] = {ctr[0], ctr[1], ctr[2], ctr[3]};
  if (skm_philox4x32(inplace, key, inplace) != SKM_OK || !SameBits(inplace, out, sizeof out)) {
    Fail("philox in place differs");
  }
  if (skm_philox4x32(nullptr, key, out) != SKM_EINVAL || skm_philox4x32(ctr, nullptr, out) != SKM_EINVAL ||
      skm_philox4x32(ctr, key, nullptr) != SKM_EINVAL) {
    Fail("philox accepted a null pointer");
  }
}

void FuzzLibrary(FuzzedDataProvider& in) {
  const int32_t level = in.ConsumeIntegral<int32_t>();
  const skm_status s = skm_simd_cap(level);
  const bool have = level >= 0 && level < 31 && (skm_simd_available() & (1 << level));
  if (s != (have ? SKM_OK : SKM_EINVAL)) Fail("simd_cap status");
  const int32_t n = in.ConsumeIntegral<int32_t>();
  if (skm_set_threads(n) != (n >= 1 && n <= 1024 ? SKM_OK : SKM_EINVAL)) Fail("set_threads status");
  skm_set_threads(2);
  if (skm_threads() < 1 || skm_simd_level() < 0 || std::strlen(skm_version()) == 0) Fail("library state");
}

// ---- sketching operators (issue 11) ----------------------------------------

struct SketchOp {
  int32_t kind;
  int64_t k, n;
  double param;
  uint32_t lo, hi;
  int64_t cols;  // columns of S as a matrix: n, or n^degree for TensorSketch
};

// A valid operator with small sizes (TensorSketch: n^degree <= 64).
SketchOp PickOp(FuzzedDataProvider& in) {
  SketchOp op{};
  op.kind = in.ConsumeIntegralInRange<int32_t>(SKM_SKETCH_GAUSSIAN, SKM_SKETCH_TENSOR);
  op.k = in.ConsumeIntegralInRange<int64_t>(1, 24);
  op.n = in.ConsumeIntegralInRange<int64_t>(0, 40);
  op.lo = in.ConsumeIntegral<uint32_t>();
  op.hi = in.ConsumeIntegralInRange<uint32_t>(0, (1u << 21) - 1);
  op.param = 0;
  op.cols = op.n;
  switch (op.kind) {
    case SKM_SKETCH_SPARSE_SIGN:
      op.param = double(in.ConsumeIntegralInRange<int64_t>(1, op.k));
      break;
    case SKM_SKETCH_VERY_SPARSE: {
      static const double kDensity[] = {1.0, 0.5, 0.1, 1e-3, 1e-9};
      op.param = kDensity[in.ConsumeIntegralInRange<int>(0, 4)];
      break;
    }
    case SKM_SKETCH_SRHT: {
      int64_t n2 = 1;
      while (n2 < op.n) n2 *= 2;
      op.k = in.ConsumeIntegralInRange<int64_t>(1, n2);
      break;
    }
    case SKM_SKETCH_TENSOR: {
      op.n = in.ConsumeIntegralInRange<int64_t>(1, 4);
      const int deg = in.ConsumeIntegralInRange<int>(1, 3);
      op.param = deg;
      op.cols = 1;
      for (int t = 0; t < deg; ++t) op.cols *= op.n;
      break;
    }
    default:
      break;
  }
  if (std::getenv("SKM_FUZZ_VERBOSE")) {
    std::fprintf(stderr, "sketch op kind=%d k=%lld n=%lld param=%g seed=%u,%u cols=%lld\n", op.kind, (long long)op.k,
                 (long long)op.n, op.param, op.lo, op.hi, (long long)op.cols);
  }
  return op;
}

// Makes the operator inconsistent (the kernel must answer SKM_EINVAL).
void BreakOp(FuzzedDataProvider& in, SketchOp* op) {
  switch (in.ConsumeIntegralInRange<int>(0, 5)) {
    case 0: op->kind = in.ConsumeBool() ? in.ConsumeIntegralInRange<int32_t>(INT32_MIN, 0)
                                        : in.ConsumeIntegralInRange<int32_t>(7, INT32_MAX); break;
    case 1: op->k = -in.ConsumeIntegralInRange<int64_t>(1, INT64_MAX); break;
    case 2: op->n = -in.ConsumeIntegralInRange<int64_t>(1, INT64_MAX); break;
    case 3: op->hi = in.ConsumeIntegralInRange<uint32_t>(1u << 21, UINT32_MAX); break;
    case 4: op->k = int64_t{1} << 32; break;
    default:
      if (op->kind == SKM_SKETCH_SPARSE_SIGN) op->param = in.ConsumeBool() ? 0.0 : double(op->k) + 1;
      else if (op->kind == SKM_SKETCH_VERY_SPARSE) op->param = in.ConsumeBool() ? 0.0 : NAN;
      else if (op->kind == SKM_SKETCH_TENSOR) op->param = in.ConsumeBool() ? 0.5 : 65;
      else op->k = -1;
      break;
  }
}

template <typename T>
skm_status SkDense(const SketchOp& o, int64_t c0, int64_t nc, T* out, int64_t ldo) {
  if constexpr (sizeof(T) == 4) return skm_sketch_dense_f32(o.kind, o.k, o.n, o.param, o.lo, o.hi, c0, nc, out, ldo);
  else return skm_sketch_dense_f64(o.kind, o.k, o.n, o.param, o.lo, o.hi, c0, nc, out, ldo);
}
template <typename T>
skm_status SkApply(const SketchOp& o, int64_t r0, int64_t rows, int64_t d, const T* B, int64_t ldb, T* out, int64_t ldo) {
  if constexpr (sizeof(T) == 4) return skm_sketch_apply_f32(o.kind, o.k, o.n, o.param, o.lo, o.hi, r0, rows, d, B, ldb, out, ldo);
  else return skm_sketch_apply_f64(o.kind, o.k, o.n, o.param, o.lo, o.hi, r0, rows, d, B, ldb, out, ldo);
}
template <typename T>
skm_status SkApplyCsr(const SketchOp& o, int64_t r0, int64_t rows, int64_t d, const int32_t* ip, const int32_t* ix, const T* v, T* out, int64_t ldo) {
  if constexpr (sizeof(T) == 4) return skm_sketch_apply_csr_f32(o.kind, o.k, o.n, o.param, o.lo, o.hi, r0, rows, d, ip, ix, v, out, ldo);
  else return skm_sketch_apply_csr_f64(o.kind, o.k, o.n, o.param, o.lo, o.hi, r0, rows, d, ip, ix, v, out, ldo);
}
template <typename T>
skm_status SkProject(const SketchOp& o, int64_t N, const T* X, int64_t ldx, T* out, int64_t ldo) {
  if constexpr (sizeof(T) == 4) return skm_sketch_project_f32(o.kind, o.k, o.n, o.param, o.lo, o.hi, N, X, ldx, out, ldo);
  else return skm_sketch_project_f64(o.kind, o.k, o.n, o.param, o.lo, o.hi, N, X, ldx, out, ldo);
}
template <typename T>
skm_status SkProjectCsr(const SketchOp& o, int64_t N, const int32_t* ip, const int32_t* ix, const T* v, T* out, int64_t ldo) {
  if constexpr (sizeof(T) == 4) return skm_sketch_project_csr_f32(o.kind, o.k, o.n, o.param, o.lo, o.hi, N, ip, ix, v, out, ldo);
  else return skm_sketch_project_csr_f64(o.kind, o.k, o.n, o.param, o.lo, o.hi, N, ip, ix, v, out, ldo);
}

// A CSR matrix rows x cols in exactly-sized arrays, valid unless `broken`,
// in which case one interior indptr entry or one index is corrupted (the
// arrays keep their sizes: what the door guarantees, the kernel must check).
template <typename T>
struct CsrBuf {
  Exact<int32_t> ptr;
  std::unique_ptr<Exact<int32_t>> idx_;
  std::unique_ptr<Exact<T>> val_;
  CsrBuf(FuzzedDataProvider& in, int64_t rows, int64_t cols, bool broken, size_t nnz_target)
      : ptr(size_t(rows) + 1) {
    std::vector<int32_t> ind;
    ptr.p[0] = 0;
    for (int64_t r = 0; r < rows; ++r) {
      const size_t per = cols > 0 ? in.ConsumeIntegralInRange<size_t>(0, std::min<size_t>(nnz_target, 6)) : 0;
      for (size_t q = 0; q < per; ++q) ind.push_back(in.ConsumeIntegralInRange<int32_t>(0, int32_t(cols - 1)));
      ptr.p[r + 1] = int32_t(ind.size());
    }
    idx_ = std::make_unique<Exact<int32_t>>(ind.size());
    val_ = std::make_unique<Exact<T>>(ind.size());
    for (size_t q = 0; q < ind.size(); ++q) idx_->p[q] = ind[q];
    FillValues(in, val_->p, val_->n, false);
    if (broken) {
      const int how = in.ConsumeIntegralInRange<int>(0, 3);
      if (how == 0 && rows > 1) ptr.p[in.ConsumeIntegralInRange<int64_t>(1, rows - 1)] = -1 - in.ConsumeIntegralInRange<int32_t>(0, 5);
      else if (how == 1 && idx_->n) idx_->p[in.ConsumeIntegralInRange<size_t>(0, idx_->n - 1)] = in.ConsumeBool() ? int32_t(cols) : -1;
      else if (how == 2 && rows > 1 && ptr.p[rows] > 0) ptr.p[1] = ptr.p[rows] + 1;  // decreases later
      else ptr.p[0] = 1;
    }
  }
};

// A row-major dense copy of a CSR matrix (rows x cols, ld = cols), in
// double; repeated entries are summed. With `magnitude`, the sums of their
// absolute values instead: the scale a kernel's rounding is bounded by when
// it adds repeated entries one by one (they may cancel).
template <typename T>
std::vector<double> Densify(const CsrBuf<T>& c, int64_t rows, int64_t cols, bool magnitude = false) {
  std::vector<double> d(size_t(rows * cols), 0.0);
  for (int64_t r = 0; r < rows; ++r)
    for (int32_t p = c.ptr.p[r]; p < c.ptr.p[r + 1]; ++p) {
      const double v = double(c.val_->p[p]);
      d[size_t(r * cols + c.idx_->p[p])] += magnitude ? std::fabs(v) : v;
    }
  return d;
}

// out ≈ L (m x kk) * R (kk x n) where L, R are given by accessors, within the
// dot-product bound plus, for transforms (FWHT, FFT), the row's whole scale.
// LA / RA give the magnitudes of L's and R's entries (|L|, |R| unless an
// entry is a sum of repeated CSR entries, which may cancel).
template <typename T, typename LF, typename RF, typename LAF, typename RAF>
void ExpectProduct(const T* out, int64_t ldo, int64_t m, int64_t n, int64_t kk, LF L, RF R, LAF LA, RAF RA,
                   bool transform, const char* what) {
  double maxR = 0;
  for (int64_t p = 0; p < kk; ++p)
    for (int64_t j = 0; j < n; ++j) maxR = std::fmax(maxR, RA(p, j));
  const double tol = 16.0 * double(kk + 2) * Eps<T>() * (transform ? 8.0 : 1.0);
  for (int64_t i = 0; i < m; ++i) {
    double rowScale = 0;
    if (transform) for (int64_t p = 0; p < kk; ++p) rowScale += LA(i, p);
    for (int64_t j = 0; j < n; ++j) {
      double s = 0, mag = 0;
      for (int64_t p = 0; p < kk; ++p) {
        s += L(i, p) * R(p, j);
        mag += LA(i, p) * RA(p, j);
      }
      const double got = double(out[i * ldo + j]);
      // Terms beyond the f32 range (1e15 cubed): f32 overflows to ±Inf, rightly.
      if (sizeof(T) == 4 && (mag + rowScale * maxR) > 1e38) continue;
      // Plus gradual underflow: each product may lose up to the subnormal spacing.
      const double under = 4.0 * double(kk + 2) * Tiny<T>() * (transform ? 64.0 : 1.0);
      if (!(std::fabs(got - s) <= tol * (mag + rowScale * maxR) + under)) {
        std::fprintf(stderr, "(%lld, %lld): got %.17g, want %.17g, |terms| %.3g, row scale %.3g, max|R| %.3g, inner %lld, f%d\n",
                     (long long)i, (long long)j, got, s, mag, rowScale, maxR, (long long)kk, int(sizeof(T) * 8));
        Fail(what);
      }
    }
  }
}

template <typename T>
void FuzzSketchDenseT(FuzzedDataProvider& in) {
  PickMachine(in);
  SketchOp op = PickOp(in);
  int64_t c0 = in.ConsumeIntegralInRange<int64_t>(0, op.cols);
  int64_t nc = in.ConsumeIntegralInRange<int64_t>(0, op.cols - c0);
  int64_t ldo = nc + in.ConsumeIntegralInRange<int64_t>(0, 3);
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
    if (in.ConsumeBool()) BreakOp(in, &op);
    else if (in.ConsumeBool()) c0 = op.cols - nc + in.ConsumeIntegralInRange<int64_t>(1, 1000);
    else ldo = in.ConsumeIntegralInRange<int64_t>(INT64_MIN, nc - 1), op.k = std::max<int64_t>(op.k, 2);
    if (SkDense<T>(op, c0, nc, nullptr, ldo) != SKM_EINVAL) Fail("sketch dense accepted inconsistent arguments");
    return;
  }
  Exact<T> out(Extent(op.k, nc, ldo));
  const T sentinel = T(-12345.0);
  for (size_t i = 0; i < out.n; ++i) out.p[i] = sentinel;
  if (SkDense<T>(op, c0, nc, out.p, ldo) != SKM_OK) Fail("sketch dense refused a valid block");
  for (int64_t i = 0; i < op.k; ++i)
    for (int64_t j = nc; j < ldo && size_t(i * ldo + j) < out.n; ++j)
      if (!SameBits(&out.p[i * ldo + j], &sentinel, sizeof(T))) Fail("sketch dense wrote padding");
  if (nc == 0) return;
  // One column alone equals that column of the block.
  const int64_t j = in.ConsumeIntegralInRange<int64_t>(0, nc - 1);
  Exact<T> col(size_t(op.k));
  const int32_t threads = skm_threads();
  skm_set_threads(1);
  if (SkDense<T>(op, c0 + j, 1, col.p, 1) != SKM_OK) Fail("sketch dense refused one column");
  skm_set_threads(threads);
  for (int64_t i = 0; i < op.k; ++i)
    if (!SameBits(&col.p[i], &out.p[i * ldo + j], sizeof(T))) Fail("a column of S differs from the same column of a block");
}

template <typename T>
void FuzzSketchApplyT(FuzzedDataProvider& in) {
  PickMachine(in);
  SketchOp op = PickOp(in);
  const int64_t r0 = in.ConsumeIntegralInRange<int64_t>(0, op.cols);
  const int64_t rows = in.ConsumeIntegralInRange<int64_t>(0, op.cols - r0);
  // Up to 40 columns at times: SRHT apply transforms 64 bytes of columns
  // together (16 f32, 8 f64) and fewer one by one.
  const int64_t dmax = in.ConsumeBool() ? 9 : 40;
  const int64_t d = in.ConsumeIntegralInRange<int64_t>(0, dmax);
  const int64_t ldb = d + in.ConsumeIntegralInRange<int64_t>(0, 3);
  const int64_t ldo = d + in.ConsumeIntegralInRange<int64_t>(0, 3);
  const bool csr = in.ConsumeBool();
  const int mode = in.ConsumeIntegralInRange<int>(0, 9);
  if (mode == 0) {  // inconsistent operator or block
    SketchOp bad = op;
    int64_t br0 = r0;
    if (in.ConsumeBool()) BreakOp(in, &bad);
    else br0 = op.cols - rows + in.ConsumeIntegralInRange<int64_t>(1, 1000);
    const skm_status s = csr ? SkApplyCsr<T>(bad, br0, rows, d, nullptr, nullptr, nullptr, nullptr, ldo)
                             : SkApply<T>(bad, br0, rows, d, nullptr, ldb, nullptr, ldo);
    // CSR with a null indptr is "dense B" by the ABI; either way: not OK.
    if (s == SKM_OK && !(csr && d == 0)) Fail("sketch apply accepted inconsistent arguments");
    return;
  }
  Exact<T> out(Extent(op.k, d, ldo));
  for (size_t i = 0; i < out.n; ++i) out.p[i] = T(NAN);  // overwritten, never read
  if (csr) {
    const bool broken = mode == 1;
    CsrBuf<T> B(in, rows, d, broken, 4);
    const skm_status s = SkApplyCsr<T>(op, r0, rows, d, B.ptr.p, B.idx_->p, B.val_->p, out.p, ldo);
    if (broken) {
      if (s == SKM_OK && rows > 0 && d > 0) {
        // A corruption that left a valid structure (e.g. an index rewritten to another valid one) is fine.
      }
      return;
    }
    if (s != SKM_OK) Fail("sketch apply (CSR) refused valid arguments");
    if (op.k == 0 || d == 0 || op.cols > 64) return;
    const std::vector<double> Bd = Densify(B, rows, d), Ba = Densify(B, rows, d, true);
    Exact<double> S(size_t(op.k * op.cols));
    if (op.cols && SkDense<double>(op, 0, op.cols, S.p, op.cols) != SKM_OK) Fail("sketch dense (reference) failed");
    auto Sl = [&](int64_t i, int64_t p) { return S.p[i * op.cols + r0 + p]; };
    ExpectProduct(out.p, ldo, op.k, d, rows, Sl, [&](int64_t p, int64_t j) { return Bd[size_t(p * d + j)]; },
                  [&](int64_t i, int64_t p) { return std::fabs(Sl(i, p)); }, [&](int64_t p, int64_t j) { return Ba[size_t(p * d + j)]; },
                  op.kind == SKM_SKETCH_SRHT,
                  "sketch apply (CSR) differs from S·B");
    return;
  }
  Exact<T> B(Extent(rows, d, ldb));
  FillValues(in, B.p, B.n, false);
  if (SkApply<T>(op, r0, rows, d, B.p, ldb, out.p, ldo) != SKM_OK) Fail("sketch apply refused valid arguments");
  if (op.k == 0 || d == 0) return;
  std::vector<T> again(out.p, out.p + out.n);
  const int32_t threads = skm_threads();
  skm_set_threads(1);
  SkApply<T>(op, r0, rows, d, B.p, ldb, again.data(), ldo);
  skm_set_threads(threads);
  for (int64_t i = 0; i < op.k; ++i)
    if (!SameBits(&again[size_t(i * ldo)], &out.p[i * ldo], size_t(d) * sizeof(T))) Fail("sketch apply bits depend on the thread count");
  if (op.cols > 64) return;
  Exact<double> S(size_t(op.k * op.cols));
  if (op.cols && SkDense<double>(op, 0, op.cols, S.p, op.cols) != SKM_OK) Fail("sketch dense (reference) failed");
  auto Sl = [&](int64_t i, int64_t p) { return S.p[i * op.cols + r0 + p]; };
  auto Br = [&](int64_t p, int64_t j) { return double(B.p[p * ldb + j]); };
  ExpectProduct(out.p, ldo, op.k, d, rows, Sl, Br, [&](int64_t i, int64_t p) { return std::fabs(Sl(i, p)); },
                [&](int64_t p, int64_t j) { return std::fabs(Br(p, j)); }, op.kind == SKM_SKETCH_SRHT,
                "sketch apply differs from S·B");
}

template <typename T>
void FuzzSketchProjectT(FuzzedDataProvider& in) {
  PickMachine(in);
  SketchOp op = PickOp(in);
  const int64_t N = in.ConsumeIntegralInRange<int64_t>(0, 9);
  const int64_t ldx = op.n + in.ConsumeIntegralInRange<int64_t>(0, 3);
  const int64_t ldo = op.k + in.ConsumeIntegralInRange<int64_t>(0, 3);
  const bool csr = in.ConsumeBool();
  const int mode = in.ConsumeIntegralInRange<int>(0, 9);
  if (mode == 0) {
    SketchOp bad = op;
    BreakOp(in, &bad);
    if ((csr ? SkProjectCsr<T>(bad, N, nullptr, nullptr, nullptr, nullptr, ldo)
             : SkProject<T>(bad, N, nullptr, ldx, nullptr, ldo)) == SKM_OK) {
      Fail("sketch project accepted an inconsistent operator");
    }
    return;
  }
  Exact<T> out(Extent(N, op.k, ldo));
  for (size_t i = 0; i < out.n; ++i) out.p[i] = T(NAN);
  // The input as a dense matrix (double) for the reference; X or CSR for the kernel.
  std::vector<double> Xd(size_t(N * op.n), 0.0), Xa(size_t(N * op.n), 0.0);
  skm_status s;
  if (csr) {
    const bool broken = mode == 1;
    CsrBuf<T> X(in, N, op.n, broken, 6);
    s = SkProjectCsr<T>(op, N, X.ptr.p, X.idx_->p, X.val_->p, out.p, ldo);
    if (broken) return;
    Xd = Densify(X, N, op.n);
    Xa = Densify(X, N, op.n, true);
  } else {
    Exact<T> X(Extent(N, op.n, ldx));
    FillValues(in, X.p, X.n, false);
    s = SkProject<T>(op, N, X.p, ldx, out.p, ldo);
    // Twice more: the second call stores what it generated (sketch_memo.h),
    // the third finds it; both must give the first call's bits. (The memo
    // lives across inputs here, so its eviction and its name matching meet
    // every operator the fuzzer makes.)
    if (s == SKM_OK) {
      Exact<T> again(out.n);
      for (int rep = 0; rep < 2; ++rep) {
        if (SkProject<T>(op, N, X.p, ldx, again.p, ldo) != SKM_OK) Fail("sketch project refused a repeated call");
        for (int64_t i = 0; i < N; ++i)
          for (int64_t c = 0; c < op.k; ++c)
            if (!SameBits(&again.p[i * ldo + c], &out.p[i * ldo + c], sizeof(T))) Fail("a repeated sketch project changed bits (the memo)");
      }
    }
    for (int64_t i = 0; i < N; ++i)
      for (int64_t j = 0; j < op.n; ++j) {
        Xd[size_t(i * op.n + j)] = double(X.p[i * ldx + j]);
        Xa[size_t(i * op.n + j)] = std::fabs(Xd[size_t(i * op.n + j)]);
      }
  }
  if (s != SKM_OK) Fail("sketch project refused valid arguments");
  if (N == 0 || op.k == 0 || op.cols > 64) return;
  Exact<double> S(size_t(op.k * op.cols));
  if (op.cols && SkDense<double>(op, 0, op.cols, S.p, op.cols) != SKM_OK) Fail("sketch dense (reference) failed");
  // TensorSketch: row i of X stands for x ⊗ … ⊗ x (param times).
  const int deg = op.kind == SKM_SKETCH_TENSOR ? int(op.param) : 1;
  auto power = [&](const std::vector<double>& M, int64_t i, int64_t c) {
    double v = 1;
    for (int t = 0; t < deg; ++t) {
      v *= M[size_t(i * op.n + c % op.n)];
      c /= op.n;
    }
    return v;
  };
  auto St = [&](int64_t p, int64_t j) { return S.p[j * op.cols + p]; };
  ExpectProduct(out.p, ldo, N, op.k, op.cols, [&](int64_t i, int64_t c) { return power(Xd, i, c); }, St,
                [&](int64_t i, int64_t c) { return power(Xa, i, c); }, [&](int64_t p, int64_t j) { return std::fabs(St(p, j)); },
                op.kind == SKM_SKETCH_SRHT || op.kind == SKM_SKETCH_TENSOR, "sketch project differs from X·Sᵀ");
}

template <typename T>
void FuzzFwhtT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int64_t rows = in.ConsumeIntegralInRange<int64_t>(0, 5);
  int64_t n = int64_t{1} << in.ConsumeIntegralInRange<int>(0, 11);
  int64_t ldx = n + in.ConsumeIntegralInRange<int64_t>(0, 3);
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
    switch (in.ConsumeIntegralInRange<int>(0, 2)) {
      case 0: n = in.ConsumeIntegralInRange<int64_t>(INT64_MIN, 0); break;
      case 1: n = 3 * n; break;
      default: ldx = in.ConsumeIntegralInRange<int64_t>(INT64_MIN, n - 1); break;
    }
    const bool ok = n >= 1 && (n & (n - 1)) == 0 && (rows <= 1 || ldx >= n);
    if (!ok) {
      const skm_status s = sizeof(T) == 4 ? skm_fwht_f32(rows, n, nullptr, ldx, 0) : skm_fwht_f64(rows, n, nullptr, ldx, 0);
      if (s != SKM_EINVAL) Fail("fwht accepted inconsistent arguments");
      return;
    }
  }
  Exact<T> x(Extent(rows, n, ldx));
  FillValues(in, x.p, x.n, false);
  const T sentinel = T(-12345.0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = n; j < ldx && size_t(r * ldx + j) < x.n; ++j) x.p[r * ldx + j] = sentinel;
  std::vector<T> x0(x.p, x.p + x.n);
  auto run = [&](T* p, int32_t norm) {
    return sizeof(T) == 4 ? skm_fwht_f32(rows, n, reinterpret_cast<float*>(p), ldx, norm)
                          : skm_fwht_f64(rows, n, reinterpret_cast<double*>(p), ldx, norm);
  };
  // Normalized twice is the identity (H/√n is orthogonal and symmetric).
  if (run(x.p, 1) != SKM_OK || run(x.p, 1) != SKM_OK) Fail("fwht refused valid arguments");
  double scale = 0;
  for (int64_t r = 0; r < rows; ++r) {
    double s = 0;
    for (int64_t j = 0; j < n; ++j) s += std::fabs(double(x0[size_t(r * ldx + j)]));
    scale = std::fmax(scale, s);
  }
  const double tol = 8.0 * (std::log2(double(n)) + 2) * Eps<T>() * scale + 1e-300;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < ldx && size_t(r * ldx + j) < x.n; ++j) {
      const size_t i = size_t(r * ldx + j);
      if (j >= n) {
        if (!SameBits(&x.p[i], &sentinel, sizeof(T))) Fail("fwht wrote padding");
      } else if (!(std::fabs(double(x.p[i]) - double(x0[i])) <= tol)) {
        Fail("fwht twice (normalized) is not the identity");
      }
    }
  }
}

void FuzzSketchDense(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzSketchDenseT<float>(in);
  else FuzzSketchDenseT<double>(in);
}
void FuzzSketchApply(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzSketchApplyT<float>(in);
  else FuzzSketchApplyT<double>(in);
}
void FuzzSketchProject(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzSketchProjectT<float>(in);
  else FuzzSketchProjectT<double>(in);
}
void FuzzFwht(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzFwhtT<float>(in);
  else FuzzFwhtT<double>(in);
}

// ---- dense factorizations (skm_linalg.h) -------------------------------------
// Oracles in double: the defining identity of each factorization (backward
// errors, orthogonality), padding between rows never written, the triangle
// a kernel must not read filled with NaN (a read shows in the result), and
// SKM_EINVAL without touching anything for inconsistent arguments.
}  // namespace
#include "skm_linalg.h"
namespace {

// Sizes for O(n^3) kernels: mostly small, sometimes past a 64-wide block.
int64_t LinalgDim(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 9)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return in.ConsumeIntegralInRange<int64_t>(60, 140);
    default: return in.ConsumeIntegralInRange<int64_t>(0, 24);
  }
}

// A leading dimension: usually valid (cols plus padding), sometimes not.
int64_t LinalgLd(FuzzedDataProvider& in, int64_t cols, bool* bad) {
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
    *bad = true;
    return in.ConsumeIntegralInRange<int64_t>(-3, cols - 1);
  }
  return cols + in.ConsumeIntegralInRange<int64_t>(0, 3);
}

template <typename T>
void Pad(T* p, size_t n, int64_t rows, int64_t cols, int64_t ld) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = cols; j < ld && size_t(r * ld + j) < n; ++j) p[r * ld + j] = T(-7777.0);
}
template <typename T>
void CheckPad(const T* p, size_t n, int64_t rows, int64_t cols, int64_t ld, const char* what) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = cols; j < ld && size_t(r * ld + j) < n; ++j)
      if (p[r * ld + j] != T(-7777.0)) Fail(what);
}

// max |sum_p L(i,p) R(p,j) - W(i,j)| over scale, in double.
template <class LF, class RF, class WF>
double ProductError(int64_t m, int64_t n, int64_t k, LF L, RF R, WF W) {
  double err = 0;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double s = 0;
      for (int64_t p = 0; p < k; ++p) s += L(i, p) * R(p, j);
      err = std::fmax(err, std::fabs(s - W(i, j)));
    }
  return err;
}

template <typename T>
double MaxAbs(const T* p, int64_t rows, int64_t cols, int64_t ld) {
  double a = 0;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) a = std::fmax(a, std::fabs(double(p[i * ld + j])));
  return a;
}

template <typename T>
bool Finite(const T* p, int64_t rows, int64_t cols, int64_t ld) {
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      if (!std::isfinite(double(p[i * ld + j]))) return false;
  return true;
}

template <typename T>
void FuzzCholeskyT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int64_t n = LinalgDim(in);
  bool bad = false;
  const int64_t lda = LinalgLd(in, n, &bad);
  const int32_t lower = in.ConsumeIntegralInRange<int32_t>(0, 16) == 0 ? 2 : int32_t(in.ConsumeBool());
  int32_t info = -1;
  auto run = [&](T* A, int32_t* i) {
    return sizeof(T) == 4 ? skm_cholesky_f32(lower, n, reinterpret_cast<float*>(A), lda, i)
                          : skm_cholesky_f64(lower, n, reinterpret_cast<double*>(A), lda, i);
  };
  if (!StoredOk(n, n, lda) || lower == 2) {
    if (run(nullptr, &info) != SKM_EINVAL || info != -1) Fail("cholesky accepted inconsistent arguments");
    return;
  }
  Exact<T> A(Extent(n, n, lda));
  // Mostly S = M M^T + n I (positive definite), sometimes raw values (usually not).
  const bool random = in.ConsumeIntegralInRange<int>(0, 3) == 0;
  std::vector<double> M(size_t(n * n));
  for (auto& v : M) v = double(Value<T>(in));
  const bool finite = std::all_of(M.begin(), M.end(), [](double v) { return std::isfinite(v) && std::fabs(v) <= 1; });
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double s = i == j ? double(n) : 0.0;
      if (random) s = M[size_t(i * n + j)];
      else for (int64_t p = 0; p < n; ++p) s += M[size_t(i * n + p)] * M[size_t(j * n + p)];
      const bool mine = lower ? j <= i : j >= i;
      A.p[i * lda + j] = mine ? T(s) : T(NAN);  // the other triangle must not be read
    }
  Pad(A.p, A.n, n, n, lda);
  std::vector<T> A0(A.p, A.p + A.n);
  if (run(A.p, &info) != SKM_OK) Fail("cholesky refused valid arguments");
  if (info < 0 || info > n) Fail("cholesky info out of range");
  CheckPad(A.p, A.n, n, n, lda, "cholesky wrote padding");
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      if ((lower ? j > i : j < i) && !std::isnan(double(A.p[i * lda + j]))) Fail("cholesky wrote the other triangle");
  if (random || !finite) return;
  if (info != 0) Fail("cholesky: M M^T + n I was not positive definite");
  auto F = [&](int64_t i, int64_t j) -> double {  // L(i, j)
    if (j > i) return 0;
    return double(lower ? A.p[i * lda + j] : A.p[j * lda + i]);
  };
  auto S = [&](int64_t i, int64_t j) -> double {
    return double(lower ? (j <= i ? A0[size_t(i * lda + j)] : A0[size_t(j * lda + i)])
                        : (j >= i ? A0[size_t(i * lda + j)] : A0[size_t(j * lda + i)]));
  };
  const double err = ProductError(n, n, n, F, [&](int64_t p, int64_t j) { return F(j, p); }, S);
  if (!(err <= 20.0 * double(n + 1) * Eps<T>() * 2.0 * double(n))) Fail("cholesky: L L^T differs from A");
}

template <typename T>
void FuzzTrsmT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int64_t n = LinalgDim(in), r = in.ConsumeIntegralInRange<int64_t>(0, 9);
  bool bad = false;
  const int64_t ldt = LinalgLd(in, n, &bad), ldb = LinalgLd(in, r, &bad);
  const int32_t lower = in.ConsumeBool(), trans = in.ConsumeBool();
  const int32_t unit = in.ConsumeIntegralInRange<int32_t>(0, 16) == 0 ? -1 : int32_t(in.ConsumeBool());
  auto run = [&](const T* Tm, T* B) {
    return sizeof(T) == 4 ? skm_trsm_f32(lower, trans, unit, n, r, reinterpret_cast<const float*>(Tm), ldt, reinterpret_cast<float*>(B), ldb)
                          : skm_trsm_f64(lower, trans, unit, n, r, reinterpret_cast<const double*>(Tm), ldt, reinterpret_cast<double*>(B), ldb);
  };
  if (!StoredOk(n, n, ldt) || !StoredOk(n, r, ldb) || unit == -1) {
    if (run(nullptr, nullptr) != SKM_EINVAL) Fail("trsm accepted inconsistent arguments");
    return;
  }
  Exact<T> Tm(Extent(n, n, ldt)), B(Extent(n, r, ldb));
  const bool specials = in.ConsumeIntegralInRange<int>(0, 3) == 0;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      const bool mine = lower ? j <= i : j >= i;
      T v = Value<T>(in);
      if (!specials && !(std::isfinite(double(v)) && std::fabs(double(v)) <= 1)) v = T(0.25);
      // NaN where nothing may be read: the other triangle, a unit diagonal.
      // Off the diagonal |T_ij| <= 1/(n+1) against a diagonal of n+2: well conditioned.
      T t;
      if (!mine) t = T(NAN);
      else if (i == j) t = unit ? T(NAN) : T(2.0 + double(n));
      else t = specials ? v : T(double(v) / double(n + 1));
      Tm.p[i * ldt + j] = t;
    }
  Pad(Tm.p, Tm.n, n, n, ldt);
  FillValues(in, B.p, B.n, specials);
  Pad(B.p, B.n, n, r, ldb);
  std::vector<T> B0(B.p, B.p + B.n);
  if (run(Tm.p, B.p) != SKM_OK) Fail("trsm refused valid arguments");
  CheckPad(B.p, B.n, n, r, ldb, "trsm wrote padding");
  if (specials) return;
  if (!Finite(B.p, n, r, ldb)) Fail("trsm read a triangle or diagonal it must not");
  auto op = [&](int64_t i, int64_t j) -> double {
    const int64_t a = trans ? j : i, b = trans ? i : j;
    if (lower ? b > a : b < a) return 0;
    if (a == b && unit) return 1;
    return double(Tm.p[a * ldt + b]);
  };
  const double err = ProductError(n, r, n, op, [&](int64_t p, int64_t j) { return double(B.p[p * ldb + j]); },
                                  [&](int64_t i, int64_t j) { return double(B0[size_t(i * ldb + j)]); });
  const double scale = 1.0 + MaxAbs(B0.data(), n, r, ldb) + double(n + 3) * MaxAbs(B.p, n, r, ldb);
  if (!(err <= 40.0 * double(n + 1) * Eps<T>() * scale)) Fail("trsm: op(T) X differs from B");
}

template <typename T>
void FuzzQrT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int64_t m = LinalgDim(in), n = LinalgDim(in), k = std::min(m, n);
  bool bad = false;
  const int64_t lda = LinalgLd(in, n, &bad), ldq = LinalgLd(in, k, &bad);
  auto qr = [&](T* A, T* tau) {
    return sizeof(T) == 4 ? skm_qr_f32(m, n, reinterpret_cast<float*>(A), lda, reinterpret_cast<float*>(tau))
                          : skm_qr_f64(m, n, reinterpret_cast<double*>(A), lda, reinterpret_cast<double*>(tau));
  };
  auto formQ = [&](int64_t qm, int64_t qn, int64_t qk, const T* V, const T* tau, T* Q) {
    return sizeof(T) == 4 ? skm_qr_q_f32(qm, qn, qk, reinterpret_cast<const float*>(V), lda, reinterpret_cast<const float*>(tau), reinterpret_cast<float*>(Q), ldq)
                          : skm_qr_q_f64(qm, qn, qk, reinterpret_cast<const double*>(V), lda, reinterpret_cast<const double*>(tau), reinterpret_cast<double*>(Q), ldq);
  };
  if (!StoredOk(m, n, lda)) {
    if (qr(nullptr, nullptr) != SKM_EINVAL) Fail("qr accepted inconsistent arguments");
    return;
  }
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
    // Q wider than m or more reflectors than columns: inconsistent.
    if (formQ(m, m + 1, 0, nullptr, nullptr, nullptr) != SKM_EINVAL) Fail("qr_q accepted n > m");
    if (formQ(m, k, k + 1, nullptr, nullptr, nullptr) != SKM_EINVAL) Fail("qr_q accepted k > n");
    return;
  }
  Exact<T> A(Extent(m, n, lda)), tau(static_cast<size_t>(k)), Q(Extent(m, k, std::max<int64_t>(ldq, 0)));
  const bool specials = in.ConsumeIntegralInRange<int>(0, 3) == 0;
  FillValues(in, A.p, A.n, specials);
  Pad(A.p, A.n, m, n, lda);
  std::vector<T> A0(A.p, A.p + A.n);
  if (qr(A.p, tau.p) != SKM_OK) Fail("qr refused valid arguments");
  CheckPad(A.p, A.n, m, n, lda, "qr wrote padding");
  if (!StoredOk(m, k, ldq)) {
    if (formQ(m, k, k, A.p, tau.p, nullptr) != SKM_EINVAL) Fail("qr_q accepted a bad ldq");
    return;
  }
  Pad(Q.p, Q.n, m, k, ldq);
  if (formQ(m, k, k, A.p, tau.p, Q.p) != SKM_OK) Fail("qr_q refused valid arguments");
  CheckPad(Q.p, Q.n, m, k, ldq, "qr_q wrote padding");
  if (specials || !Finite(A0.data(), m, n, lda)) return;
  const double scale = 1.0 + MaxAbs(A0.data(), m, n, lda) * double(n);
  const double err = ProductError(
      m, n, k, [&](int64_t i, int64_t p) { return double(Q.p[i * ldq + p]); },
      [&](int64_t p, int64_t j) { return j >= p ? double(A.p[p * lda + j]) : 0.0; },
      [&](int64_t i, int64_t j) { return double(A0[size_t(i * lda + j)]); });
  if (!(err <= 20.0 * double(m + n + 1) * Eps<T>() * scale)) Fail("qr: Q R differs from A");
  const double orth = ProductError(
      k, k, m, [&](int64_t i, int64_t p) { return double(Q.p[p * ldq + i]); },
      [&](int64_t p, int64_t j) { return double(Q.p[p * ldq + j]); }, [](int64_t i, int64_t j) { return i == j ? 1.0 : 0.0; });
  if (!(orth <= 20.0 * double(m + 1) * Eps<T>())) Fail("qr: Q^T Q is not I");
}

template <typename T>
void FuzzEighT(FuzzedDataProvider& in) {
  PickMachine(in);
  // Capped: with SIMD capped to EMU128 under ASan and coverage, an n^3
  // iteration of 90 took seconds.
  const int64_t n = std::min<int64_t>(LinalgDim(in), 70);
  bool bad = false;
  const int64_t lda = LinalgLd(in, n, &bad), ldv = LinalgLd(in, n, &bad);
  auto run = [&](const T* A, double* w, T* V) {
    return sizeof(T) == 4 ? skm_eigh_f32(n, reinterpret_cast<const float*>(A), lda, w, reinterpret_cast<float*>(V), ldv)
                          : skm_eigh_f64(n, reinterpret_cast<const double*>(A), lda, w, reinterpret_cast<double*>(V), ldv);
  };
  if (!StoredOk(n, n, lda) || !StoredOk(n, n, ldv)) {
    if (run(nullptr, nullptr, nullptr) != SKM_EINVAL) Fail("eigh accepted inconsistent arguments");
    return;
  }
  Exact<T> A(Extent(n, n, lda)), V(Extent(n, n, ldv));
  Exact<double> w(static_cast<size_t>(n));
  const bool specials = in.ConsumeIntegralInRange<int>(0, 3) == 0;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      T v = Value<T>(in);
      if (!specials && !(std::isfinite(double(v)) && std::fabs(double(v)) <= 1)) v = T(0.5);
      A.p[i * lda + j] = j <= i ? v : T(NAN);  // the upper triangle is never read
    }
  Pad(A.p, A.n, n, n, lda);
  Pad(V.p, V.n, n, n, ldv);
  if (run(A.p, w.p, V.p) != SKM_OK) Fail("eigh refused valid arguments");
  CheckPad(V.p, V.n, n, n, ldv, "eigh wrote padding");
  if (specials) return;
  if (!Finite(V.p, n, n, ldv)) Fail("eigh read the upper triangle");
  for (int64_t i = 1; i < n; ++i)
    if (!(w.p[i] >= w.p[i - 1])) Fail("eigh: values not ascending");
  auto S = [&](int64_t i, int64_t j) { return double(j <= i ? A.p[i * lda + j] : A.p[j * lda + i]); };
  const double err = ProductError(n, n, n, S, [&](int64_t p, int64_t j) { return double(V.p[p * ldv + j]); },
                                  [&](int64_t i, int64_t j) { return double(V.p[i * ldv + j]) * w.p[j]; });
  if (!(err <= 40.0 * double(n + 1) * Eps<T>() * double(n + 1))) Fail("eigh: A V differs from V diag(w)");
}

template <typename T>
void FuzzSvdT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int64_t m = std::min<int64_t>(LinalgDim(in), 70), n = std::min<int64_t>(LinalgDim(in), 70), k = std::min(m, n);
  bool bad = false;
  const int64_t lda = LinalgLd(in, n, &bad), ldu = LinalgLd(in, k, &bad), ldvt = LinalgLd(in, n, &bad);
  auto run = [&](const T* A, T* U, double* s, T* Vt) {
    return sizeof(T) == 4 ? skm_svd_f32(m, n, reinterpret_cast<const float*>(A), lda, reinterpret_cast<float*>(U), ldu, s, reinterpret_cast<float*>(Vt), ldvt)
                          : skm_svd_f64(m, n, reinterpret_cast<const double*>(A), lda, reinterpret_cast<double*>(U), ldu, s, reinterpret_cast<double*>(Vt), ldvt);
  };
  if (!StoredOk(m, n, lda) || !StoredOk(m, k, ldu) || !StoredOk(k, n, ldvt)) {
    if (run(nullptr, nullptr, nullptr, nullptr) != SKM_EINVAL) Fail("svd accepted inconsistent arguments");
    return;
  }
  Exact<T> A(Extent(m, n, lda)), U(Extent(m, k, ldu)), Vt(Extent(k, n, ldvt));
  Exact<double> s(static_cast<size_t>(k));
  const bool specials = in.ConsumeIntegralInRange<int>(0, 3) == 0;
  FillValues(in, A.p, A.n, specials);
  Pad(A.p, A.n, m, n, lda);
  Pad(U.p, U.n, m, k, ldu);
  Pad(Vt.p, Vt.n, k, n, ldvt);
  if (run(A.p, U.p, s.p, Vt.p) != SKM_OK) Fail("svd refused valid arguments");
  CheckPad(U.p, U.n, m, k, ldu, "svd wrote padding of U");
  CheckPad(Vt.p, Vt.n, k, n, ldvt, "svd wrote padding of Vt");
  if (specials || !Finite(A.p, m, n, lda)) return;
  for (int64_t i = 0; i < k; ++i)
    if (!(s.p[i] >= 0) || (i > 0 && !(s.p[i] <= s.p[i - 1]))) Fail("svd: s not descending and >= 0");
  const double scale = 1.0 + MaxAbs(A.p, m, n, lda) * double(n);
  const double err = ProductError(
      m, n, k, [&](int64_t i, int64_t p) { return double(U.p[i * ldu + p]) * s.p[p]; },
      [&](int64_t p, int64_t j) { return double(Vt.p[p * ldvt + j]); }, [&](int64_t i, int64_t j) { return double(A.p[i * lda + j]); });
  if (!(err <= 40.0 * double(m + n + 1) * Eps<T>() * scale)) Fail("svd: U diag(s) Vt differs from A");
  const double orth = ProductError(
      k, k, m, [&](int64_t i, int64_t p) { return double(U.p[p * ldu + i]); },
      [&](int64_t p, int64_t j) { return double(U.p[p * ldu + j]); }, [](int64_t i, int64_t j) { return i == j ? 1.0 : 0.0; });
  if (!(orth <= 40.0 * double(m + n + 1) * Eps<T>())) Fail("svd: U^T U is not I");
}

void FuzzCholesky(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzCholeskyT<float>(in);
  else FuzzCholeskyT<double>(in);
}
void FuzzTrsm(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzTrsmT<float>(in);
  else FuzzTrsmT<double>(in);
}
void FuzzQr(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzQrT<float>(in);
  else FuzzQrT<double>(in);
}
void FuzzEigh(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzEighT<float>(in);
  else FuzzEighT<double>(in);
}
void FuzzSvd(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzSvdT<float>(in);
  else FuzzSvdT<double>(in);
}

// ---- vector codes (skm_features.h) -------------------------------------------
// skm_sign_pack_*: exact extents, packed bits equal to a bit-by-bit reference
// (NaN, -0 and 0 give 0), bad sizes SKM_EINVAL. skm_hamming_topk: exact
// extents, result equal to a brute-force sort of (distance, index) keys, the
// same for 1 and several threads (PickMachine), bad sizes SKM_EINVAL with the
// outputs untouched. skm_cos_sin_*: exact extents, within a few ULP of
// std::cos / std::sin (same NaN), padding between output rows never written.

template <typename T>
void FuzzSignPackT(FuzzedDataProvider& in) {
  const int64_t N = Dim(in);
  int64_t bits = 32 * in.ConsumeIntegralInRange<int64_t>(0, 40);
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) bits = in.ConsumeIntegralInRange<int64_t>(-64, 70000);
  const int64_t ldx = std::max<int64_t>(bits, 0) + in.ConsumeIntegralInRange<int64_t>(bits > 0 && in.ConsumeBool() ? -2 : 0, 3);
  const bool valid = N >= 0 && bits >= 32 && bits % 32 == 0 && bits <= 65504 && ldx >= bits;
  if (!valid) {
    if (skm_sign_pack_f32(N, bits, nullptr, ldx, nullptr) != SKM_EINVAL && N > 0) Fail("sign_pack accepted bad sizes");
    return;
  }
  const size_t words = size_t(bits / 32);
  Exact<T> X(Extent(N, bits, ldx));
  FillValues(in, X.p, X.n, true);
  Exact<uint32_t> codes(size_t(N) * words);
  skm_status st = sizeof(T) == 4
      ? skm_sign_pack_f32(N, bits, reinterpret_cast<const float*>(X.p), ldx, codes.p)
      : skm_sign_pack_f64(N, bits, reinterpret_cast<const double*>(X.p), ldx, codes.p);
  if (st != SKM_OK) Fail("sign_pack refused valid sizes");
  for (int64_t r = 0; r < N; ++r) {
    for (int64_t j = 0; j < bits; ++j) {
      const bool bit = (codes.p[size_t(r) * words + size_t(j / 32)] >> (j % 32)) & 1u;
      if (bit != (X.p[size_t(r * ldx + j)] > T(0))) Fail("sign_pack bit differs from the sign");
    }
  }
}

void FuzzSignPack(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzSignPackT<float>(in);
  else FuzzSignPackT<double>(in);
}

void FuzzHammingTopK(FuzzedDataProvider& in) {
  PickMachine(in);
  const int64_t words = in.ConsumeIntegralInRange<int64_t>(0, 12) == 0 ? in.ConsumeIntegralInRange<int64_t>(-2, 2100)
                                                                     : in.ConsumeIntegralInRange<int64_t>(1, 9);
  // Mostly small; sometimes past the 2^14 codes a thread takes.
  const int64_t n = in.ConsumeIntegralInRange<int>(0, 19) == 0 ? in.ConsumeIntegralInRange<int64_t>(16384, 40000) : Dim(in);
  const int64_t Q = in.ConsumeIntegralInRange<int64_t>(0, 4);
  int64_t k = in.ConsumeIntegralInRange<int64_t>(0, std::max<int64_t>(n, 0) + 2);
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) k = in.ConsumeIntegralInRange<int64_t>(-3, 3);
  const bool valid = words >= 1 && words <= 2047 && n >= 0 && Q >= 0 && k >= 0 && k <= n;
  if (!valid) {
    if (skm_hamming_topk(n, words, nullptr, Q, nullptr, k, nullptr, nullptr) != SKM_EINVAL) Fail("hamming_topk accepted bad sizes");
    return;
  }
  // Few distinct words: many ties.
  const uint32_t pool[4] = {in.ConsumeIntegral<uint32_t>(), in.ConsumeIntegral<uint32_t>(), in.ConsumeIntegral<uint32_t>(), 0u};
  Exact<uint32_t> codes(size_t(n * words)), queries(size_t(Q * words));
  for (size_t i = 0; i < codes.n; ++i) codes.p[i] = in.remaining_bytes() ? pool[in.ConsumeIntegral<uint8_t>() & 3] : pool[i & 3];
  for (size_t i = 0; i < queries.n; ++i) queries.p[i] = in.ConsumeIntegral<uint32_t>();
  Exact<int32_t> idx(size_t(Q * k));
  Exact<uint16_t> dist(size_t(Q * k));
  if (skm_hamming_topk(n, words, codes.p, Q, queries.p, k, idx.p, dist.p) != SKM_OK) Fail("hamming_topk refused valid sizes");
  std::vector<uint64_t> keys(static_cast<size_t>(n));
  for (int64_t q = 0; q < Q; ++q) {
    for (int64_t i = 0; i < n; ++i) {
      uint64_t d = 0;
      for (int64_t w = 0; w < words; ++w) d += __builtin_popcount(codes.p[i * words + w] ^ queries.p[q * words + w]);
      keys[size_t(i)] = (d << 32) | uint64_t(i);
    }
    std::partial_sort(keys.begin(), keys.begin() + k, keys.end());
    for (int64_t j = 0; j < k; ++j) {
      if (idx.p[q * k + j] != int32_t(keys[size_t(j)] & 0xFFFFFFFFu) || dist.p[q * k + j] != uint16_t(keys[size_t(j)] >> 32)) {
        Fail("hamming_topk differs from the brute-force sort");
      }
    }
  }
}

template <typename T>
void FuzzCosSinT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int64_t N = Dim(in), m = Dim(in);
  const int64_t ldz = m + in.ConsumeIntegralInRange<int64_t>(m > 0 && in.ConsumeIntegralInRange<int>(0, 9) == 0 ? -1 : 0, 2);
  const int64_t ldo = 2 * m + in.ConsumeIntegralInRange<int64_t>(m > 0 && in.ConsumeIntegralInRange<int>(0, 9) == 0 ? -1 : 0, 2);
  const double scale = in.ConsumeBool() ? 1.0 : 0.125;
  auto call = [&](const T* Z, T* out) {
    return sizeof(T) == 4 ? skm_cos_sin_f32(N, m, reinterpret_cast<const float*>(Z), ldz, scale, reinterpret_cast<float*>(out), ldo)
                          : skm_cos_sin_f64(N, m, reinterpret_cast<const double*>(Z), ldz, scale, reinterpret_cast<double*>(out), ldo);
  };
  if (N > 0 && m > 0 && (ldz < m || ldo < 2 * m)) {
    if (call(nullptr, nullptr) != SKM_EINVAL) Fail("cos_sin accepted a short leading dimension");
    return;
  }
  Exact<T> Z(Extent(N, m, ldz)), out(Extent(N, 2 * m, ldo));
  for (size_t i = 0; i < Z.n; ++i) {
    // Mostly moderate angles; sometimes huge or special.
    Z.p[i] = in.ConsumeIntegralInRange<int>(0, 15) == 0 ? Value<T>(in) * T(1e5) : Value<T>(in) * T(60);
  }
  const T sentinel = T(-7);
  for (size_t i = 0; i < out.n; ++i) out.p[i] = sentinel;
  if (call(Z.p, out.p) != SKM_OK) Fail("cos_sin refused valid sizes");
  for (int64_t i = 0; i < N; ++i) {
    for (int64_t j = 0; j < ldo && i * ldo + j < int64_t(out.n); ++j) {
      const T got = out.p[size_t(i * ldo + j)];
      if (j >= 2 * m) {
        if (!SameBits(&got, &sentinel, sizeof(T))) Fail("cos_sin wrote padding");
        continue;
      }
      const double z = double(Z.p[size_t(i * ldz + (j % m))]);
      const double want = (j < m ? std::cos(z) : std::sin(z)) * scale;
      if (std::isnan(want)) {
        if (!std::isnan(double(got))) Fail("cos_sin: NaN expected");
      } else if (!(std::fabs(double(got) - want) <= 16 * Eps<T>() * scale + 4 * Eps<T>() * std::fabs(z) * scale)) {
        Fail("cos_sin differs from std::cos / std::sin");
      }
    }
  }
}

void FuzzCosSin(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzCosSinT<float>(in);
  else FuzzCosSinT<double>(in);
}

// ---- structured operators (skm_structured.h) --------------------------------
// Monarch: a double reference from the formula M[(i1,i0),(j1,j0)] =
// L_{i0}[i1,j1] R_{j1}[i0,j0], both directions; exact-extent buffers (the
// fused permutations' strided stores and reads stay inside X and Y); the gaps
// between Y's rows never written; SKM_EINVAL untouched for bad arguments.
}  // namespace
#include "skm_structured.h"
namespace {

template <typename T>
skm_status Monarch(int32_t trans, skm_int batch, skm_int k, skm_int t, skm_int p, skm_int q, const T* R,
                   const T* L, const T* X, skm_int ldx, T* Y, skm_int ldy) {
  if constexpr (sizeof(T) == 4) {
    return skm_monarch_f32(trans, batch, k, t, p, q, R, L, X, ldx, Y, ldy);
  } else {
    return skm_monarch_f64(trans, batch, k, t, p, q, R, L, X, ldx, Y, ldy);
  }
}

template <typename T>
skm_status MonarchPack(int32_t trans, skm_int k, skm_int t, skm_int p, skm_int q, const T* R, const T* L,
                       T* packed, skm_int len) {
  if constexpr (sizeof(T) == 4) return skm_monarch_pack_f32(trans, k, t, p, q, R, L, packed, len);
  else return skm_monarch_pack_f64(trans, k, t, p, q, R, L, packed, len);
}
template <typename T>
skm_status MonarchPacked(int32_t trans, skm_int batch, skm_int k, skm_int t, skm_int p, skm_int q,
                         const T* packed, skm_int len, const T* X, skm_int ldx, T* Y, skm_int ldy) {
  if constexpr (sizeof(T) == 4) return skm_monarch_packed_f32(trans, batch, k, t, p, q, packed, len, X, ldx, Y, ldy);
  else return skm_monarch_packed_f64(trans, batch, k, t, p, q, packed, len, X, ldx, Y, ldy);
}

// The packed path on the same call: pack into a buffer one element off any
// alignment (the caller's array need not be aligned), a wrong len refused,
// and the product's bits equal to the unpacked entry's (same arithmetic).
template <typename T>
void CheckMonarchPacked(FuzzedDataProvider& in, int32_t trans, int64_t batch, int64_t k, int64_t t, int64_t p,
                        int64_t q, const T* R, const T* L, const T* X, int64_t ldx, const T* Y, size_t ny,
                        int64_t ldy) {
  const int64_t lanes = 64 / int64_t(sizeof(T));
  const auto pad = [&](int64_t w) { return (w + lanes - 1) / lanes * lanes; };
  const int64_t len = trans ? t * q * pad(k) + k * t * pad(p) : k * p * pad(t) + t * k * pad(q);
  Exact<T> packed(size_t(len) + 1);
  const int64_t wrong = len + (in.ConsumeBool() ? 1 : -1);
  if (wrong >= 0 && MonarchPack<T>(trans, k, t, p, q, R, L, packed.p + 1, wrong) != SKM_EINVAL) {
    Fail("monarch_pack: a wrong len not refused");
  }
  if (MonarchPack<T>(trans, k, t, p, q, R, L, packed.p + 1, len) != SKM_OK) Fail("monarch_pack: valid call failed");
  if (wrong >= 0 && MonarchPacked<T>(trans, batch, k, t, p, q, packed.p + 1, wrong, X, ldx, nullptr, ldy) != SKM_EINVAL) {
    Fail("monarch_packed: a wrong len not refused");
  }
  std::vector<T> Y2(Y, Y + ny);
  if (MonarchPacked<T>(trans, batch, k, t, p, q, packed.p + 1, len, X, ldx, Y2.data(), ldy) != SKM_OK) {
    Fail("monarch_packed: valid call failed");
  }
  if (!SameBits(Y2.data(), Y, ny * sizeof(T))) Fail("monarch_packed: bits differ from skm_monarch");
}

template <typename T>
void FuzzMonarchT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int32_t trans = in.ConsumeBool() ? 1 : 0;
  const auto small = [&] { return in.ConsumeIntegralInRange<int64_t>(0, 9); };
  int64_t k = small(), t = small(), p = small(), q = small();
  int64_t batch = in.ConsumeIntegralInRange<int>(0, 3) == 0 ? in.ConsumeIntegralInRange<int64_t>(0, 70)
                                                              : in.ConsumeIntegralInRange<int64_t>(0, 9);
  const int64_t n = trans ? t * q : k * p, m = trans ? k * p : t * q;
  int64_t ldx = n + in.ConsumeIntegralInRange<int64_t>(0, 3), ldy = m + in.ConsumeIntegralInRange<int64_t>(0, 3);
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
    // Inconsistent arguments: must be refused without touching anything.
    switch (in.ConsumeIntegralInRange<int>(0, 4)) {
      case 0: k = -1 - k; break;
      case 1: batch = -1; break;
      case 2: ldx = n - 1 - in.ConsumeIntegralInRange<int64_t>(0, 2); break;
      case 3: ldy = m - 1 - in.ConsumeIntegralInRange<int64_t>(0, 2); break;
      default: p = std::numeric_limits<int64_t>::max() / 2; k = 3; break;
    }
    const bool bad = k < 0 || batch < 0 || p > 1000000 || ldx < 0 || ldy < 0 ||
                     (batch > 0 && (ldx < (trans ? t * q : k * p) || ldy < (trans ? k * p : t * q)));
    if (bad) {
      if (Monarch<T>(trans, batch, k, t, p, q, nullptr, nullptr, nullptr, ldx, nullptr, ldy) != SKM_EINVAL)
        Fail("monarch: inconsistent arguments not refused");
      return;
    }
  }
  const bool specials = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  Exact<T> R(size_t(k * t * p)), L(size_t(t * q * k)), X(Extent(batch, n, ldx)), Y(Extent(batch, m, ldy));
  FillValues(in, R.p, R.n, specials);
  FillValues(in, L.p, L.n, specials);
  FillValues(in, X.p, X.n, specials);
  const T sentinel = T(-7.25);
  for (size_t i = 0; i < Y.n; ++i) Y.p[i] = sentinel;
  if (Monarch<T>(trans, batch, k, t, p, q, R.p, L.p, X.p, ldx, Y.p, ldy) != SKM_OK) Fail("monarch: valid call failed");
  CheckMonarchPacked<T>(in, trans, batch, k, t, p, q, R.p, L.p, X.p, ldx, Y.p, Y.n, ldy);
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t c = m; m > 0 && c < ldy && b + 1 < batch; ++c)
      if (!SameBits(&Y.p[b * ldy + c], &sentinel, sizeof(T))) Fail("monarch: wrote between Y's rows");
    for (int64_t o = 0; o < m; ++o) {
      // Output o and input e of M (forward) or M^T (trans): y[o] = sum_e A[o][e] x[e].
      double want = 0, mag = 0, inner = 0;
      for (int64_t e = 0; e < n; ++e) {
        const int64_t row = trans ? e : o, col = trans ? o : e;
        const int64_t i1 = row / t, i0 = row % t, j1 = col / p, j0 = col % p;
        const double l = double(L.p[(i0 * q + i1) * k + j1]), r = double(R.p[(j1 * t + i0) * p + j0]);
        const double x = double(X.p[b * ldx + e]);
        // The kernel forms r·x first, then l·(that): the reference does too, so an Inf·0 shows alike.
        const double term = l * (r * x);
        want += term;
        mag += std::fabs(l) * std::fabs(r) * std::fabs(x);
        inner += std::max(std::fabs(r), std::fabs(l)) * std::fabs(x);
      }
      const double got = double(Y.p[b * ldy + o]);
      if (specials) continue;  // non-finite inputs: only memory safety is checked
      // The kernel's intermediate sums live in T: where they (bounded by inner) or the
      // result may overflow T, T's answer is Inf legitimately while the double reference
      // is finite; only memory safety is checked there.
      if (std::max(mag, inner) >= 0.25 * double(std::numeric_limits<T>::max())) continue;
      if (!Close(got, want, mag, 4.0 * double(n + 4) * Eps<T>(), Tiny<T>())) Fail("monarch: differs from the reference");
    }
  }
}

void FuzzMonarch(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzMonarchT<float>(in);
  else FuzzMonarchT<double>(in);
}

// ---- positive features and graph propagation (skm_features.h) ---------------
// skm_exp_rows_*: exact extents, within a few ULP of a double reference of
// scale * exp(Z - shift - row max) (NaN where the reference is NaN), padding
// between output rows never written, bad sizes / row_max SKM_EINVAL.
// skm_csr_propagate_*: a CSR matrix from the input (sometimes with an index
// out of range, a decreasing indptr or indptr[0] != 0: SKM_EINVAL with Y and
// acc untouched), exact extents, Y and acc within the dot-product bound of a
// double reference, the same bits for 1 and several threads (PickMachine).

template <typename T>
void FuzzExpRowsT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int64_t N = Dim(in), m = Dim(in);
  const int64_t ldz = m + in.ConsumeIntegralInRange<int64_t>(m > 0 && in.ConsumeIntegralInRange<int>(0, 9) == 0 ? -1 : 0, 2);
  const int64_t ldo = m + in.ConsumeIntegralInRange<int64_t>(m > 0 && in.ConsumeIntegralInRange<int>(0, 9) == 0 ? -1 : 0, 2);
  const int32_t row_max = in.ConsumeIntegralInRange<int>(0, 15) == 0 ? in.ConsumeIntegralInRange<int32_t>(-1, 3) : int32_t(in.ConsumeBool());
  const double scale = in.ConsumeBool() ? 1.0 : 0.125;
  auto call = [&](const T* Z, const T* shift, T* out) {
    return sizeof(T) == 4
        ? skm_exp_rows_f32(N, m, reinterpret_cast<const float*>(Z), ldz, reinterpret_cast<const float*>(shift), row_max, scale,
                           reinterpret_cast<float*>(out), ldo)
        : skm_exp_rows_f64(N, m, reinterpret_cast<const double*>(Z), ldz, reinterpret_cast<const double*>(shift), row_max, scale,
                           reinterpret_cast<double*>(out), ldo);
  };
  if ((row_max != 0 && row_max != 1) || (N > 0 && m > 0 && (ldz < m || ldo < m))) {
    if (call(nullptr, nullptr, nullptr) != SKM_EINVAL) Fail("exp_rows accepted bad arguments");
    return;
  }
  Exact<T> Z(Extent(N, m, ldz)), shift(static_cast<size_t>(N)), out(Extent(N, m, ldo));
  for (size_t i = 0; i < Z.n; ++i) {
    // Mostly moderate exponents; sometimes past the vector range, or special.
    Z.p[i] = in.ConsumeIntegralInRange<int>(0, 15) == 0 ? Value<T>(in) * T(1e3) : Value<T>(in) * T(40);
  }
  for (size_t i = 0; i < shift.n; ++i) shift.p[i] = Value<T>(in) * T(10);
  const T sentinel = T(-7);
  for (size_t i = 0; i < out.n; ++i) out.p[i] = sentinel;
  if (call(Z.p, shift.p, out.p) != SKM_OK) Fail("exp_rows refused valid sizes");
  for (int64_t i = 0; i < N; ++i) {
    double c = double(shift.p[size_t(i)]);
    if (row_max) {
      double mx = -INFINITY;
      for (int64_t j = 0; j < m; ++j) {
        const double z = double(Z.p[size_t(i * ldz + j)]);
        if (z > mx) mx = z;
      }
      if (mx > -INFINITY) c = mx;
    }
    for (int64_t j = 0; j < ldo && i * ldo + j < int64_t(out.n); ++j) {
      const T got = out.p[size_t(i * ldo + j)];
      if (j >= m) {
        if (!SameBits(&got, &sentinel, sizeof(T))) Fail("exp_rows wrote padding");
        continue;
      }
      // The kernel subtracts in T: the reference does too, then exp in double.
      const T e = static_cast<T>(Z.p[size_t(i * ldz + j)] - static_cast<T>(c));
      const double unscaled = std::exp(double(e)), want = unscaled * scale;
      if (std::isnan(want)) {
        if (!std::isnan(double(got))) Fail("exp_rows: NaN expected");
      } else if (unscaled > double(std::numeric_limits<T>::max()) * 0.99) {
        // exp overflows T (or nearly) before the scale: Inf, or the largest values.
        if (!(double(got) > double(std::numeric_limits<T>::max()) * 0.5)) Fail("exp_rows: overflow expected");
      } else if (!(std::fabs(double(got) - want) <= 8 * Eps<T>() * want + 4 * Tiny<T>() / Eps<T>())) {
        Fail("exp_rows differs from std::exp");
      }
    }
  }
}

void FuzzExpRows(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzExpRowsT<float>(in);
  else FuzzExpRowsT<double>(in);
}

template <typename T>
skm_status CsrPropagate(skm_int rows, skm_int cols, const int32_t* indptr, const int32_t* indices, const T* data,
                        skm_int k, const T* X, skm_int ldx, const T* s, T* Y, skm_int ldy, double w, T* acc,
                        skm_int ldacc) {
  if constexpr (sizeof(T) == 4) {
    return skm_csr_propagate_f32(rows, cols, indptr, indices, data, k, X, ldx, s, Y, ldy, w, acc, ldacc);
  } else {
    return skm_csr_propagate_f64(rows, cols, indptr, indices, data, k, X, ldx, s, Y, ldy, w, acc, ldacc);
  }
}

template <typename T>
void FuzzCsrPropagateT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int64_t rows = Dim(in), cols = Dim(in), k = Dim(in);
  const int64_t ldx = k + in.ConsumeIntegralInRange<int64_t>(0, 2);
  const int64_t ldy = k + in.ConsumeIntegralInRange<int64_t>(k > 0 && in.ConsumeIntegralInRange<int>(0, 9) == 0 ? -1 : 0, 2);
  const int64_t ldacc = k + in.ConsumeIntegralInRange<int64_t>(0, 2);
  const double weight = in.ConsumeBool() ? 1.0 : -0.75;
  if (k > 0 && ldy < k) {
    int32_t zero = 0;
    if (CsrPropagate<T>(rows, cols, &zero, nullptr, nullptr, k, nullptr, ldx, nullptr, nullptr, ldy, weight, nullptr, ldacc) !=
        SKM_EINVAL) {
      Fail("csr_propagate accepted a short ldy");
    }
    return;
  }
  // The structure: row lengths 0..6 (a few long rows), indices mostly in range.
  Exact<int32_t> indptr(static_cast<size_t>(rows + 1));
  indptr.p[0] = 0;
  for (int64_t i = 0; i < rows; ++i) indptr.p[size_t(i + 1)] = indptr.p[size_t(i)] + in.ConsumeIntegralInRange<int32_t>(0, i % 17 == 3 ? 40 : 6);
  const size_t nnz = size_t(indptr.p[size_t(rows)]);
  Exact<int32_t> indices(nnz);
  Exact<T> data(nnz);
  for (size_t p = 0; p < nnz; ++p) {
    indices.p[p] = cols > 0 ? in.ConsumeIntegralInRange<int32_t>(0, int32_t(cols - 1)) : 0;
    data.p[p] = Value<T>(in);
  }
  bool valid = cols > 0 || nnz == 0;
  switch (in.ConsumeIntegralInRange<int>(0, 19)) {
    case 0:
      if (nnz) { indices.p[in.ConsumeIntegralInRange<size_t>(0, nnz - 1)] = in.ConsumeBool() ? -1 : int32_t(cols); valid = false; }
      break;
    case 1:
      if (rows >= 2 && indptr.p[1] > 0) { indptr.p[1] = indptr.p[size_t(rows)] + 1; valid = false; }
      break;
    default: break;
  }
  const size_t nnz_now = size_t(std::max<int32_t>(0, indptr.p[size_t(rows)]));
  if (nnz_now != nnz) return;  // the arrays would not match the ABI's extent
  Exact<T> X(Extent(cols, k, ldx)), s(static_cast<size_t>(rows)), Y(Extent(rows, k, ldy)), acc(Extent(rows, k, ldacc));
  FillValues(in, X.p, X.n, true);
  FillValues(in, s.p, s.n, false);
  FillValues(in, acc.p, acc.n, false);
  const T sentinel = T(-7);
  for (size_t i = 0; i < Y.n; ++i) Y.p[i] = sentinel;
  std::vector<T> acc0(acc.p, acc.p + acc.n);
  const skm_status st = CsrPropagate<T>(rows, cols, indptr.p, indices.p, data.p, k, X.p, ldx, s.p, Y.p, ldy, weight, acc.p, ldacc);
  if (!valid) {
    if (st != SKM_EINVAL) Fail("csr_propagate accepted a bad structure");
    for (size_t i = 0; i < Y.n; ++i) if (!SameBits(&Y.p[i], &sentinel, sizeof(T))) Fail("csr_propagate wrote Y after SKM_EINVAL");
    if (!SameBits(acc.p, acc0.data(), acc.n * sizeof(T))) Fail("csr_propagate wrote acc after SKM_EINVAL");
    return;
  }
  if (st != SKM_OK) Fail("csr_propagate refused a valid call");
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t t = 0; t < ldy && i * ldy + t < int64_t(Y.n); ++t) {
      if (t >= k) {
        if (!SameBits(&Y.p[size_t(i * ldy + t)], &sentinel, sizeof(T))) Fail("csr_propagate wrote Y's padding");
        continue;
      }
      double sum = 0, mag = 0;
      for (int32_t p = indptr.p[size_t(i)]; p < indptr.p[size_t(i + 1)]; ++p) {
        const double v = double(data.p[size_t(p)]) * double(X.p[size_t(int64_t(indices.p[size_t(p)]) * ldx + t)]);
        sum += v;
        mag += std::fabs(v);
      }
      const double si = double(s.p[size_t(i)]);
      const double want = si * sum;
      const int64_t len = indptr.p[size_t(i + 1)] - indptr.p[size_t(i)];
      const double tol = 2 * (len + 2) * Eps<T>();
      // Past T's range (f32: 1e15 * 3e30) the kernel overflows where double does not: no oracle there.
      const bool in_range = std::isfinite(mag) && std::fabs(si) * mag < 0.5 * double(std::numeric_limits<T>::max());
      if (in_range && !Close(double(Y.p[size_t(i * ldy + t)]), want, std::fabs(si) * mag + std::fabs(want), tol, 4 * Tiny<T>() / Eps<T>())) {
        Fail("csr_propagate: Y differs from the reference");
      }
      const double a0 = double(acc0[size_t(i * ldacc + t)]);
      const double wantAcc = a0 + weight * double(Y.p[size_t(i * ldy + t)]);
      if (!Close(double(acc.p[size_t(i * ldacc + t)]), wantAcc, std::fabs(a0) + std::fabs(weight * double(Y.p[size_t(i * ldy + t)])),
                 4 * Eps<T>(), 4 * Tiny<T>() / Eps<T>()) && std::isfinite(wantAcc) &&
          std::fabs(wantAcc) < 0.5 * double(std::numeric_limits<T>::max())) {
        Fail("csr_propagate: acc differs from the reference");
      }
    }
  }
}

void FuzzCsrPropagate(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzCsrPropagateT<float>(in);
  else FuzzCsrPropagateT<double>(in);
}

// ---- structured kernels: FFT convolution, N:M, BSR (skm_structured_kernels.h)
// fft_conv: a plan of random length L = 2^0..2^7 and kernel h, then products
// with A[i, j] = h[(i - j + off) mod L] both ways against a double reference
// (the FFT's error is relative to sum|h| sum|x|, not to each output);
// exact-extent buffers; gaps between Y's rows never written; SKM_EINVAL
// untouched for inconsistent arguments. nm_sparse: random packed positions
// (patterns past m when m is not a power of two must be refused before
// anything is written), decoded by the ABI's bit-stream rule written out
// again here.
}  // namespace
#include "skm_structured_kernels.h"
namespace {

template <typename T>
skm_status FftConv(int32_t trans, skm_int batch, skm_int m, skm_int n, skm_int off, skm_int L,
                   const double* plan, const T* X, skm_int ldx, T* Y, skm_int ldy) {
  if constexpr (sizeof(T) == 4) {
    return skm_fft_conv_f32(trans, batch, m, n, off, L, plan, X, ldx, Y, ldy);
  } else {
    return skm_fft_conv_f64(trans, batch, m, n, off, L, plan, X, ldx, Y, ldy);
  }
}

template <typename T>
void FuzzFftConvT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int64_t L = int64_t{1} << in.ConsumeIntegralInRange<int>(0, 7);
  const int64_t hlen = in.ConsumeIntegralInRange<int64_t>(0, L);
  Exact<double> h{size_t(hlen)}, plan{size_t(4 * L)};
  FillValues(in, h.p, h.n, false);
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
    // A length that is not a power of two, or a kernel longer than L: refused.
    const int64_t badL = in.ConsumeBool() ? L + 3 : L;
    const int64_t badH = badL == L ? L + 1 : hlen;
    if (skm_fft_conv_plan(badL, badH, nullptr, nullptr) != SKM_EINVAL) Fail("fft_conv_plan: bad length not refused");
    return;
  }
  if (skm_fft_conv_plan(L, hlen, h.p, plan.p) != SKM_OK) Fail("fft_conv_plan: valid call failed");
  const int32_t trans = in.ConsumeBool() ? 1 : 0;
  int64_t m = in.ConsumeIntegralInRange<int64_t>(0, L), n = in.ConsumeIntegralInRange<int64_t>(0, L);
  int64_t off = in.ConsumeIntegralInRange<int64_t>(0, L - 1);
  int64_t batch = in.ConsumeIntegralInRange<int64_t>(0, 7);
  const int64_t nin = trans ? m : n, nout = trans ? n : m;
  int64_t ldx = nin + in.ConsumeIntegralInRange<int64_t>(0, 3), ldy = nout + in.ConsumeIntegralInRange<int64_t>(0, 3);
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
    switch (in.ConsumeIntegralInRange<int>(0, 4)) {
      case 0: m = L + 1; break;
      case 1: off = L; break;
      case 2: batch = -1; break;
      case 3: ldx = nin - 1; break;
      default: ldy = nout - 1; break;
    }
    const bool bad = m > L || off >= L || batch < 0 || ldx < 0 || ldy < 0 ||
                     (batch > 0 && (ldx < (trans ? m : n) || ldy < (trans ? n : m)));
    if (bad) {
      if (FftConv<T>(trans, batch, m, n, off, L, plan.p, static_cast<const T*>(nullptr), ldx, static_cast<T*>(nullptr), ldy) != SKM_EINVAL)
        Fail("fft_conv: inconsistent arguments not refused");
      return;
    }
  }
  Exact<T> X(Extent(batch, nin, ldx)), Y(Extent(batch, nout, ldy));
  FillValues(in, X.p, X.n, false);
  const T sentinel = T(-7.25);
  for (size_t i = 0; i < Y.n; ++i) Y.p[i] = sentinel;
  if (FftConv<T>(trans, batch, m, n, off, L, plan.p, X.p, ldx, Y.p, ldy) != SKM_OK) Fail("fft_conv: valid call failed");
  const auto hAt = [&](int64_t k) { k = ((k % L) + L) % L; return k < hlen ? h.p[k] : 0.0; };
  double hsum = 0;
  for (int64_t k = 0; k < hlen; ++k) hsum += std::fabs(h.p[k]);
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t c = nout; nout > 0 && c < ldy && b + 1 < batch; ++c)
      if (!SameBits(&Y.p[b * ldy + c], &sentinel, sizeof(T))) Fail("fft_conv: wrote between Y's rows");
    double xsum = 0;
    for (int64_t e = 0; e < nin; ++e) xsum += std::fabs(double(X.p[b * ldx + e]));
    for (int64_t o = 0; o < nout; ++o) {
      double want = 0;
      for (int64_t e = 0; e < nin; ++e) {
        const int64_t i = trans ? e : o, j = trans ? o : e;
        want += hAt(i - j + off) * double(X.p[b * ldx + e]);
      }
      const double got = double(Y.p[b * ldy + o]);
      const double bound = 64.0 * 8.0 * 0x1p-53 * hsum * xsum + 2.0 * Eps<T>() * std::fabs(want);
      if (!(std::fabs(got - want) <= bound + Tiny<T>())) Fail("fft_conv: differs from the reference");
    }
  }
}

void FuzzFftConv(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzFftConvT<float>(in);
  else FuzzFftConvT<double>(in);
}

template <typename T>
skm_status NmSparse(int32_t trans, skm_int batch, skm_int rows, skm_int cols, skm_int n, skm_int m, const T* v,
                    const uint8_t* pos, const T* X, skm_int ldx, T* Y, skm_int ldy) {
  if constexpr (sizeof(T) == 4) {
    return skm_nm_sparse_f32(trans, batch, rows, cols, n, m, v, pos, X, ldx, Y, ldy);
  } else {
    return skm_nm_sparse_f64(trans, batch, rows, cols, n, m, v, pos, X, ldx, Y, ldy);
  }
}

template <typename T>
void FuzzNmSparseT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int32_t trans = in.ConsumeBool() ? 1 : 0;
  int64_t m = in.ConsumeIntegralInRange<int>(0, 7) == 0 ? in.ConsumeIntegralInRange<int64_t>(1, 255) : in.ConsumeIntegralInRange<int64_t>(1, 9);
  if (in.ConsumeIntegralInRange<int>(0, 3) == 0) m = 4;
  int64_t n = in.ConsumeIntegralInRange<int64_t>(1, m);
  if (m == 4 && in.ConsumeBool()) n = 2;
  // Now and then rows long enough for a panel's blocks of kept values to end
  // on a block boundary (2:4 f64 on AVX-512: 64 values), and batches past
  // four vectors of samples and the transposed slabs' 64.
  const bool wide = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  const int64_t groups = in.ConsumeIntegralInRange<int64_t>(0, m > 16 ? 2 : (wide ? 280 : 40) / m + 1);
  int64_t rows = in.ConsumeIntegralInRange<int64_t>(0, 7), cols = groups * m;
  int64_t batch = in.ConsumeIntegralInRange<int>(0, 3) == 0 ? in.ConsumeIntegralInRange<int64_t>(0, 80) : in.ConsumeIntegralInRange<int64_t>(0, 5);
  const int64_t nin = trans ? rows : cols, nout = trans ? cols : rows;
  int64_t ldx = nin + in.ConsumeIntegralInRange<int64_t>(0, 3), ldy = nout + in.ConsumeIntegralInRange<int64_t>(0, 3);
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
    switch (in.ConsumeIntegralInRange<int>(0, 4)) {
      case 0: cols = cols + 1; break;
      case 1: n = m + 1; break;
      case 2: batch = -1; break;
      case 3: ldx = nin - 1; break;
      default: m = 256; break;
    }
    const bool bad = m > 255 || n > m || cols % m != 0 || batch < 0 || ldx < 0 ||
                     (batch > 0 && ldx < (trans ? rows : cols));
    if (bad) {
      if (NmSparse<T>(trans, batch, rows, cols, n, m, nullptr, nullptr, nullptr, ldx, nullptr, ldy) != SKM_EINVAL)
        Fail("nm_sparse: inconsistent arguments not refused");
    }
    return;  // a change that left the call consistent tested nothing new
  }
  unsigned bits = 0;
  while ((int64_t{1} << bits) < m) ++bits;
  const int64_t per = cols / m * n, rowBytes = (per * bits + 7) / 8;
  const bool specials = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  Exact<T> V(size_t(rows * per)), X(Extent(batch, nin, ldx)), Y(Extent(batch, nout, ldy));
  Exact<uint8_t> P(size_t(rows * rowBytes));
  FillValues(in, V.p, V.n, specials);
  FillValues(in, X.p, X.n, specials);
  for (size_t i = 0; i < P.n; ++i) P.p[i] = in.ConsumeIntegral<uint8_t>();
  // Positions by the ABI's rule: row i's stream at byte i rowBytes, position e at bits [e b, e b + b).
  const auto posAt = [&](int64_t i, int64_t e) -> int64_t {
    int64_t v = 0;
    for (unsigned q = 0; q < bits; ++q) {
      const int64_t bit = e * bits + q;
      v |= int64_t((P.p[i * rowBytes + bit / 8] >> (bit % 8)) & 1) << q;
    }
    return v;
  };
  bool valid = true;
  for (int64_t i = 0; i < rows && nout > 0 && batch > 0 && nin > 0; ++i)
    for (int64_t e = 0; e < per; ++e) valid = valid && posAt(i, e) < m;
  const T sentinel = T(-7.25);
  for (size_t i = 0; i < Y.n; ++i) Y.p[i] = sentinel;
  const skm_status st = NmSparse<T>(trans, batch, rows, cols, n, m, V.p, P.p, X.p, ldx, Y.p, ldy);
  if (!valid) {
    if (st != SKM_EINVAL) Fail("nm_sparse: a position past m not refused");
    for (size_t i = 0; i < Y.n; ++i)
      if (!SameBits(&Y.p[i], &sentinel, sizeof(T))) Fail("nm_sparse: wrote before refusing");
    return;
  }
  if (st != SKM_OK) Fail("nm_sparse: valid call failed");
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t c = nout; nout > 0 && c < ldy && b + 1 < batch; ++c)
      if (!SameBits(&Y.p[b * ldy + c], &sentinel, sizeof(T))) Fail("nm_sparse: wrote between Y's rows");
    std::vector<double> want(size_t(nout), 0.0), mag(size_t(nout), 0.0);
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t e = 0; e < per; ++e) {
        const int64_t col = (e / n) * m + posAt(i, e);
        const double v = double(V.p[i * per + e]);
        const int64_t o = trans ? col : i, k = trans ? i : col;
        const double x = double(X.p[b * ldx + k]);
        want[size_t(o)] += v * x;
        mag[size_t(o)] += std::fabs(v) * std::fabs(x);
      }
    }
    if (specials) continue;  // non-finite inputs: only memory safety is checked
    for (int64_t o = 0; o < nout; ++o) {
      if (!Close(double(Y.p[b * ldy + o]), want[size_t(o)], mag[size_t(o)], 4.0 * double(per + rows + 4) * Eps<T>(), Tiny<T>()))
        Fail("nm_sparse: differs from the reference");
    }
  }
}

void FuzzNmSparse(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzNmSparseT<float>(in);
  else FuzzNmSparseT<double>(in);
}

// bsr: random block patterns (repeats, empty rows) and sizes against a
// double reference; a structure with a bad indptr or index must be refused
// before anything is written.
template <typename T>
skm_status Bsr(int32_t trans, skm_int batch, skm_int mb, skm_int nb, skm_int br, skm_int bc, skm_int nnzb,
               const int32_t* indptr, const int32_t* indices, const T* blocks, const T* X, skm_int ldx, T* Y,
               skm_int ldy) {
  if constexpr (sizeof(T) == 4) {
    return skm_bsr_f32(trans, batch, mb, nb, br, bc, nnzb, indptr, indices, blocks, X, ldx, Y, ldy);
  } else {
    return skm_bsr_f64(trans, batch, mb, nb, br, bc, nnzb, indptr, indices, blocks, X, ldx, Y, ldy);
  }
}

template <typename T>
void FuzzBsrT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int32_t trans = in.ConsumeBool() ? 1 : 0;
  const int64_t mb = in.ConsumeIntegralInRange<int64_t>(0, 6), nb = in.ConsumeIntegralInRange<int64_t>(0, 6);
  const int64_t br = in.ConsumeIntegralInRange<int64_t>(1, 9), bc = in.ConsumeIntegralInRange<int64_t>(1, 9);
  const int64_t batch = in.ConsumeIntegralInRange<int>(0, 3) == 0 ? in.ConsumeIntegralInRange<int64_t>(0, 40)
                                                                   : in.ConsumeIntegralInRange<int64_t>(0, 5);
  Exact<int32_t> indptr(size_t(mb + 1));
  indptr.p[0] = 0;
  for (int64_t I = 0; I < mb; ++I) indptr.p[I + 1] = indptr.p[I] + (nb > 0 ? in.ConsumeIntegralInRange<int32_t>(0, 5) : 0);
  const int64_t nnzb = indptr.p[mb];
  Exact<int32_t> indices{size_t(nnzb)};
  for (int64_t k = 0; k < nnzb; ++k) indices.p[k] = in.ConsumeIntegralInRange<int32_t>(0, int32_t(nb - 1));
  bool valid = true;
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
    // Break the structure: a decreasing pointer, a wrong start, or an index out of range.
    switch (in.ConsumeIntegralInRange<int>(0, 2)) {
      case 0: if (mb > 0) { indptr.p[0] = 1; valid = false; } break;
      case 1: if (nnzb > 0) { indices.p[in.ConsumeIntegralInRange<int64_t>(0, nnzb - 1)] = in.ConsumeBool() ? -1 : int32_t(nb); valid = false; } break;
      default: if (mb > 1 && indptr.p[1] > 0) { indptr.p[1] = indptr.p[2] + 1; valid = false; } break;
    }
  }
  const int64_t rows = mb * br, cols = nb * bc, nin = trans ? rows : cols, nout = trans ? cols : rows;
  const int64_t ldx = nin + in.ConsumeIntegralInRange<int64_t>(0, 3), ldy = nout + in.ConsumeIntegralInRange<int64_t>(0, 3);
  const bool specials = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  Exact<T> B(size_t(nnzb * br * bc)), X(Extent(batch, nin, ldx)), Y(Extent(batch, nout, ldy));
  FillValues(in, B.p, B.n, specials);
  FillValues(in, X.p, X.n, specials);
  const T sentinel = T(-7.25);
  for (size_t i = 0; i < Y.n; ++i) Y.p[i] = sentinel;
  const skm_status st = Bsr<T>(trans, batch, mb, nb, br, bc, nnzb, indptr.p, indices.p, B.p, X.p, ldx, Y.p, ldy);
  if (!valid) {
    if (st != SKM_EINVAL) Fail("bsr: a bad structure not refused");
    for (size_t i = 0; i < Y.n; ++i)
      if (!SameBits(&Y.p[i], &sentinel, sizeof(T))) Fail("bsr: wrote before refusing");
    return;
  }
  if (st != SKM_OK) Fail("bsr: valid call failed");
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t c = nout; nout > 0 && c < ldy && b + 1 < batch; ++c)
      if (!SameBits(&Y.p[b * ldy + c], &sentinel, sizeof(T))) Fail("bsr: wrote between Y's rows");
    std::vector<double> want(size_t(nout), 0.0), mag(size_t(nout), 0.0);
    for (int64_t I = 0; I < mb; ++I) {
      for (int64_t k = indptr.p[I]; k < indptr.p[I + 1]; ++k) {
        for (int64_t i = 0; i < br; ++i) {
          for (int64_t j = 0; j < bc; ++j) {
            const int64_t r = I * br + i, c = int64_t(indices.p[k]) * bc + j;
            const double v = double(B.p[(k * br + i) * bc + j]);
            const int64_t o = trans ? c : r, e = trans ? r : c;
            const double x = double(X.p[b * ldx + e]);
            want[size_t(o)] += v * x;
            mag[size_t(o)] += std::fabs(v) * std::fabs(x);
          }
        }
      }
    }
    if (specials) continue;
    for (int64_t o = 0; o < nout; ++o) {
      if (!Close(double(Y.p[b * ldy + o]), want[size_t(o)], mag[size_t(o)], 4.0 * double(nnzb * bc + br + 4) * Eps<T>(), Tiny<T>()))
        Fail("bsr: differs from the reference");
    }
  }
}

void FuzzBsr(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzBsrT<float>(in);
  else FuzzBsrT<double>(in);
}

// ---- BLAST (skm_blast.h) ------------------------------------------------------
// A double reference from the definition A_ij = U_i diag(s_ij) V_j^T, both
// directions; exact-extent buffers; the gaps between Y's rows never written;
// SKM_EINVAL with Y untouched for bad arguments.
}  // namespace
#include "skm_blast.h"
namespace {

template <typename T>
skm_status Blast(int32_t trans, skm_int batch, skm_int b, skm_int p, skm_int q, skm_int r, const T* U,
                 const T* V, const T* S, const T* X, skm_int ldx, T* Y, skm_int ldy) {
  if constexpr (sizeof(T) == 4) {
    return skm_blast_f32(trans, batch, b, p, q, r, U, V, S, X, ldx, Y, ldy);
  } else {
    return skm_blast_f64(trans, batch, b, p, q, r, U, V, S, X, ldx, Y, ldy);
  }
}

template <typename T>
void FuzzBlastT(FuzzedDataProvider& in) {
  PickMachine(in);
  const int32_t trans = in.ConsumeBool() ? 1 : 0;
  const auto small = [&] { return in.ConsumeIntegralInRange<int64_t>(0, 7); };
  int64_t b = small(), p = small(), q = small(), r = small();
  int64_t batch = in.ConsumeIntegralInRange<int>(0, 3) == 0 ? in.ConsumeIntegralInRange<int64_t>(0, 300)
                                                              : in.ConsumeIntegralInRange<int64_t>(0, 9);
  const int64_t n = trans ? b * p : b * q, m = trans ? b * q : b * p;
  int64_t ldx = n + in.ConsumeIntegralInRange<int64_t>(0, 3), ldy = m + in.ConsumeIntegralInRange<int64_t>(0, 3);
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
    // Inconsistent arguments: refused, Y untouched.
    int32_t tr = trans;
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: b = -1 - b; break;
      case 1: batch = -1; break;
      case 2: ldx = n - 1 - in.ConsumeIntegralInRange<int64_t>(0, 2); batch = batch < 1 ? 1 : batch; break;
      case 3: ldy = m - 1 - in.ConsumeIntegralInRange<int64_t>(0, 2); batch = batch < 1 ? 1 : batch; break;
      case 4: tr = 2; break;
      default: r = std::numeric_limits<int64_t>::max() / 2; b = 3; p = q = 5; break;
    }
    T y0 = T(-7.25);
    if (Blast<T>(tr, batch, b, p, q, r, nullptr, nullptr, nullptr, nullptr, ldx, &y0, ldy) != SKM_EINVAL)
      Fail("blast: inconsistent arguments not refused");
    if (y0 != T(-7.25)) Fail("blast: refused call wrote Y");
    return;
  }
  const bool specials = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  Exact<T> U(size_t(b * p * r)), V(size_t(b * q * r)), S(size_t(b * b * r)), X(Extent(batch, n, ldx)), Y(Extent(batch, m, ldy));
  FillValues(in, U.p, U.n, specials);
  FillValues(in, V.p, V.n, specials);
  FillValues(in, S.p, S.n, specials);
  FillValues(in, X.p, X.n, specials);
  const T sentinel = T(-7.25);
  for (size_t i = 0; i < Y.n; ++i) Y.p[i] = sentinel;
  if (Blast<T>(trans, batch, b, p, q, r, U.p, V.p, S.p, X.p, ldx, Y.p, ldy) != SKM_OK) Fail("blast: valid call failed");
  if (specials) return;  // non-finite inputs: only memory safety is checked
  for (int64_t s = 0; s < batch; ++s) {
    for (int64_t c = m; m > 0 && c < ldy && s + 1 < batch; ++c)
      if (!SameBits(&Y.p[s * ldy + c], &sentinel, sizeof(T))) Fail("blast: wrote between Y's rows");
    for (int64_t o = 0; o < m; ++o) {
      // Entry (row, col) of A for output o and input e: y[o] = sum_e A^(T)[o][e] x[e].
      double want = 0, mag = 0;
      for (int64_t e = 0; e < n; ++e) {
        const int64_t row = trans ? e : o, col = trans ? o : e;
        const int64_t i = row / (p ? p : 1), a = row % (p ? p : 1), j = col / (q ? q : 1), c = col % (q ? q : 1);
        double aij = 0, amag = 0;
        for (int64_t k = 0; k < r; ++k) {
          const double t = double(U.p[(i * p + a) * r + k]) * double(S.p[(i * b + j) * r + k]) * double(V.p[(j * q + c) * r + k]);
          aij += t;
          amag += std::fabs(t);
        }
        const double x = double(X.p[s * ldx + e]);
        want += aij * x;
        mag += amag * std::fabs(x);
      }
      const double got = double(Y.p[s * ldy + o]);
      if (!Close(got, want, mag, 4.0 * double(n + 2 * r + 4) * Eps<T>(), Tiny<T>())) Fail("blast: differs from the reference");
    }
  }
}

void FuzzBlast(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) FuzzBlastT<float>(in);
  else FuzzBlastT<double>(in);
}

struct Target {
  const char* name;
  void (*run)(FuzzedDataProvider&);
};

// Every kernel entry of sketchmat.h, by target name (fuzz/corpus/<name>/).
const Target kTargets[] = {
    {"gemm", FuzzGemm},
    {"gemv", FuzzGemv},
    {"gemv_fused", FuzzGemvFused},
    {"random_fill", FuzzRandomFill},
    {"philox", FuzzPhilox},
    {"library", FuzzLibrary},
    {"sketch_dense", FuzzSketchDense},
    {"sketch_apply", FuzzSketchApply},
    {"sketch_project", FuzzSketchProject},
    {"fwht", FuzzFwht},
    {"cholesky", FuzzCholesky},
    {"trsm", FuzzTrsm},
    {"qr", FuzzQr},
    {"eigh", FuzzEigh},
    {"svd", FuzzSvd},
    {"sign_pack", FuzzSignPack},
    {"hamming_topk", FuzzHammingTopK},
    {"cos_sin", FuzzCosSin},
    {"monarch", FuzzMonarch},
    {"exp_rows", FuzzExpRows},
    {"csr_propagate", FuzzCsrPropagate},
    {"fft_conv", FuzzFftConv},
    {"nm_sparse", FuzzNmSparse},
    {"bsr", FuzzBsr},
    {"blast", FuzzBlast},
};

// The target named by SKM_FUZZ_TARGET (scripts/fuzz-native.sh sets it).
const Target* Selected() {
  static const Target* t = [] {
    const char* name = std::getenv("SKM_FUZZ_TARGET");
    if (name == nullptr) Fail("set SKM_FUZZ_TARGET to a target name (fuzz/kernels.cc: kTargets)");
    for (const Target& t : kTargets) {
      if (std::strcmp(t.name, name) == 0) return &t;
    }
    Fail("unknown SKM_FUZZ_TARGET");
  }();
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  Selected()->run(in);
  return 0;
}
