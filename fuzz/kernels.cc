// libFuzzer harnesses over the C ABI (native/include/sketchmat.h).
//
// One source, one binary per target: scripts/fuzz-native.sh compiles this
// file with -DSKM_FUZZ_TARGET=<name> for every row of kTargets below, links
// the kernels built with ASan + UBSan + coverage, and runs each binary on its
// corpus in fuzz/corpus/<name>/. Adding a kernel to the fuzzers means writing
// one Fuzz<Name>(FuzzedDataProvider&) and adding its row to kTargets.
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
#include <limits>
#include <vector>

#include "sketchmat.h"

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

// ---- random fills -------------------------------------------------------------

template <typename T>
skm_status Fill(int32_t dist, uint32_t lo, uint32_t hi, uint32_t stream, skm_int r0,
                skm_int c0, skm_int rows, skm_int cols, double scale, T* out, skm_int ldo) {
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
  // Offsets near 0 or near the 2^32 end of the infinite matrix.
  auto offset = [&](int64_t size) {
    return in.ConsumeBool() ? in.ConsumeIntegralInRange<int64_t>(0, 1000)
                            : kTwo32 - size - in.ConsumeIntegralInRange<int64_t>(0, 3);
  };
  int64_t r0 = offset(rows), c0 = offset(cols);
  int64_t ldo = cols + in.ConsumeIntegralInRange<int64_t>(0, 5);
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
      case 0: dist = in.ConsumeIntegral<int32_t>(); break;
      case 1: hi = in.ConsumeIntegral<uint32_t>(); break;
      case 2: rows = -in.ConsumeIntegralInRange<int64_t>(1, INT64_MAX); break;
      case 3: r0 = in.ConsumeIntegral<int64_t>(); break;
      case 4: c0 = in.ConsumeIntegral<int64_t>(); break;
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

struct Target {
  const char* name;
  void (*run)(FuzzedDataProvider&);
};

// Every kernel entry of sketchmat.h, by target name (fuzz/corpus/<name>/).
const Target kTargets[] = {
    {"gemm", FuzzGemm},
    {"gemv", FuzzGemv},
    {"random_fill", FuzzRandomFill},
    {"philox", FuzzPhilox},
    {"library", FuzzLibrary},
};

#ifndef SKM_FUZZ_TARGET
#error "build with -DSKM_FUZZ_TARGET=\"name\" (scripts/fuzz-native.sh)"
#endif

const Target* Selected() {
  static const Target* t = [] {
    for (const Target& t : kTargets) {
      if (std::strcmp(t.name, SKM_FUZZ_TARGET) == 0) return &t;
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
