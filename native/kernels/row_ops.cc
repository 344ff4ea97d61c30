// Vectorized row operations for the dense factorizations (see row_ops.h).
// Sums use two vector accumulators, then the lanes, then the scalar tail:
// the order depends only on n and the target.
#include "row_ops.h"

#include <cstddef>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "row_ops.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#include "vec_ops-inl.h"

template <typename T>
HWY_INLINE T DotT(size_t n, const T* HWY_RESTRICT x, const T* HWY_RESTRICT y) {
  using Ops = VecOps<T>;
  using V = typename Ops::V;
  constexpr size_t N = Ops::kN;
  V a0 = Ops::Zero(), a1 = Ops::Zero();
  size_t i = 0;
  for (; i + 2 * N <= n; i += 2 * N) {
    a0 = Ops::MulAdd(Ops::LoadU(x + i), Ops::LoadU(y + i), a0);
    a1 = Ops::MulAdd(Ops::LoadU(x + i + N), Ops::LoadU(y + i + N), a1);
  }
  if (i + N <= n) {
    a0 = Ops::MulAdd(Ops::LoadU(x + i), Ops::LoadU(y + i), a0);
    i += N;
  }
  T sum = Ops::Sum(Ops::Add(a0, a1));
  for (; i < n; ++i) sum += x[i] * y[i];
  return sum;
}

template <typename T>
HWY_INLINE void RotateT(size_t n, T c, T s, T* HWY_RESTRICT x, T* HWY_RESTRICT y) {
  using Ops = VecOps<T>;
  using V = typename Ops::V;
  constexpr size_t N = Ops::kN;
  const V vc = Ops::Set(c), vs = Ops::Set(s);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    const V a = Ops::LoadU(x + i), b = Ops::LoadU(y + i);
    Ops::StoreU(Ops::Sub(Ops::Mul(vc, a), Ops::Mul(vs, b)), x + i);
    Ops::StoreU(Ops::Add(Ops::Mul(vs, a), Ops::Mul(vc, b)), y + i);
  }
  for (; i < n; ++i) {
    const T a = x[i], b = y[i];
    x[i] = c * a - s * b;
    y[i] = s * a + c * b;
  }
}

float DotF32(size_t n, const float* x, const float* y) { return DotT(n, x, y); }
double DotF64(size_t n, const double* x, const double* y) { return DotT(n, x, y); }
void RotateF32(size_t n, float c, float s, float* x, float* y) { RotateT(n, c, s, x, y); }
void RotateF64(size_t n, double c, double s, double* x, double* y) { RotateT(n, c, s, x, y); }

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(DotF32);
HWY_EXPORT(DotF64);
HWY_EXPORT(RotateF32);
HWY_EXPORT(RotateF64);

float RowDot(size_t n, const float* x, const float* y) { return HWY_DYNAMIC_DISPATCH(DotF32)(n, x, y); }
double RowDot(size_t n, const double* x, const double* y) { return HWY_DYNAMIC_DISPATCH(DotF64)(n, x, y); }
void RowRotate(size_t n, float c, float s, float* x, float* y) { HWY_DYNAMIC_DISPATCH(RotateF32)(n, c, s, x, y); }
void RowRotate(size_t n, double c, double s, double* x, double* y) { HWY_DYNAMIC_DISPATCH(RotateF64)(n, c, s, x, y); }
}  // namespace skm
#endif  // HWY_ONCE
