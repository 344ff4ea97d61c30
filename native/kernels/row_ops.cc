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

// The rotations of one QL sweep, (z_j, z_{j+1}) <- (c_j z_j - s_j z_{j+1},
// s_j z_j + c_j z_{j+1}) for j = count-1 down to 0, by chunks of columns:
// row j+1 is final once rotation j is done, and the new row j is what
// rotation j-1 reads, so it stays in registers. A rotation then costs one
// load and one store of a row chunk where RowRotate costs two of each. The
// same products and sums as RotateT.
template <typename T>
HWY_INLINE void RotateChainT(size_t ncols, size_t count, const T* HWY_RESTRICT c, const T* HWY_RESTRICT s,
                             T* HWY_RESTRICT Z, size_t ld) {
  using Ops = VecOps<T>;
  using V = typename Ops::V;
  constexpr size_t N = Ops::kN;
  size_t j = 0;
  for (; j + 4 * N <= ncols; j += 4 * N) {
    T* top = Z + j;
    V b0 = Ops::LoadU(top + count * ld), b1 = Ops::LoadU(top + count * ld + N);
    V b2 = Ops::LoadU(top + count * ld + 2 * N), b3 = Ops::LoadU(top + count * ld + 3 * N);
    for (size_t r = count; r-- > 0;) {
      T* zr = top + r * ld;
      const V vc = Ops::Set(c[r]), vs = Ops::Set(s[r]);
      const V a0 = Ops::LoadU(zr), a1 = Ops::LoadU(zr + N), a2 = Ops::LoadU(zr + 2 * N), a3 = Ops::LoadU(zr + 3 * N);
      Ops::StoreU(Ops::Add(Ops::Mul(vs, a0), Ops::Mul(vc, b0)), zr + ld);
      Ops::StoreU(Ops::Add(Ops::Mul(vs, a1), Ops::Mul(vc, b1)), zr + ld + N);
      Ops::StoreU(Ops::Add(Ops::Mul(vs, a2), Ops::Mul(vc, b2)), zr + ld + 2 * N);
      Ops::StoreU(Ops::Add(Ops::Mul(vs, a3), Ops::Mul(vc, b3)), zr + ld + 3 * N);
      b0 = Ops::Sub(Ops::Mul(vc, a0), Ops::Mul(vs, b0));
      b1 = Ops::Sub(Ops::Mul(vc, a1), Ops::Mul(vs, b1));
      b2 = Ops::Sub(Ops::Mul(vc, a2), Ops::Mul(vs, b2));
      b3 = Ops::Sub(Ops::Mul(vc, a3), Ops::Mul(vs, b3));
    }
    Ops::StoreU(b0, top);
    Ops::StoreU(b1, top + N);
    Ops::StoreU(b2, top + 2 * N);
    Ops::StoreU(b3, top + 3 * N);
  }
  for (; j + N <= ncols; j += N) {
    T* top = Z + j;
    V b = Ops::LoadU(top + count * ld);
    for (size_t r = count; r-- > 0;) {
      T* zr = top + r * ld;
      const V vc = Ops::Set(c[r]), vs = Ops::Set(s[r]);
      const V a = Ops::LoadU(zr);
      Ops::StoreU(Ops::Add(Ops::Mul(vs, a), Ops::Mul(vc, b)), zr + ld);
      b = Ops::Sub(Ops::Mul(vc, a), Ops::Mul(vs, b));
    }
    Ops::StoreU(b, top);
  }
  for (; j < ncols; ++j) {
    T b = Z[count * ld + j];
    for (size_t r = count; r-- > 0;) {
      const T a = Z[r * ld + j];
      Z[(r + 1) * ld + j] = s[r] * a + c[r] * b;
      b = c[r] * a - s[r] * b;
    }
    Z[j] = b;
  }
}

template <typename T>
HWY_INLINE void Axpy2T(size_t n, T a, const T* HWY_RESTRICT x, T b, const T* HWY_RESTRICT y, T* HWY_RESTRICT z) {
  using Ops = VecOps<T>;
  using V = typename Ops::V;
  constexpr size_t N = Ops::kN;
  const V va = Ops::Set(a), vb = Ops::Set(b);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    Ops::StoreU(Ops::MulAdd(vb, Ops::LoadU(y + i), Ops::MulAdd(va, Ops::LoadU(x + i), Ops::LoadU(z + i))), z + i);
  }
  for (; i < n; ++i) z[i] += a * x[i] + b * y[i];
}

float DotF32(size_t n, const float* x, const float* y) { return DotT(n, x, y); }
double DotF64(size_t n, const double* x, const double* y) { return DotT(n, x, y); }
void RotateF32(size_t n, float c, float s, float* x, float* y) { RotateT(n, c, s, x, y); }
void RotateF64(size_t n, double c, double s, double* x, double* y) { RotateT(n, c, s, x, y); }
void RotateChainF32(size_t ncols, size_t count, const float* c, const float* s, float* Z, size_t ld) {
  RotateChainT(ncols, count, c, s, Z, ld);
}
void RotateChainF64(size_t ncols, size_t count, const double* c, const double* s, double* Z, size_t ld) {
  RotateChainT(ncols, count, c, s, Z, ld);
}
void Axpy2F32(size_t n, float a, const float* x, float b, const float* y, float* z) { Axpy2T(n, a, x, b, y, z); }
void Axpy2F64(size_t n, double a, const double* x, double b, const double* y, double* z) { Axpy2T(n, a, x, b, y, z); }

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
HWY_EXPORT(RotateChainF32);
HWY_EXPORT(RotateChainF64);
HWY_EXPORT(Axpy2F32);
HWY_EXPORT(Axpy2F64);

float RowDot(size_t n, const float* x, const float* y) { return HWY_DYNAMIC_DISPATCH(DotF32)(n, x, y); }
double RowDot(size_t n, const double* x, const double* y) { return HWY_DYNAMIC_DISPATCH(DotF64)(n, x, y); }
void RowRotate(size_t n, float c, float s, float* x, float* y) { HWY_DYNAMIC_DISPATCH(RotateF32)(n, c, s, x, y); }
void RowRotate(size_t n, double c, double s, double* x, double* y) { HWY_DYNAMIC_DISPATCH(RotateF64)(n, c, s, x, y); }
void RowRotateChain(size_t ncols, size_t count, const float* c, const float* s, float* Z, size_t ld) {
  HWY_DYNAMIC_DISPATCH(RotateChainF32)(ncols, count, c, s, Z, ld);
}
void RowRotateChain(size_t ncols, size_t count, const double* c, const double* s, double* Z, size_t ld) {
  HWY_DYNAMIC_DISPATCH(RotateChainF64)(ncols, count, c, s, Z, ld);
}
void RowAxpy2(size_t n, float a, const float* x, float b, const float* y, float* z) {
  HWY_DYNAMIC_DISPATCH(Axpy2F32)(n, a, x, b, y, z);
}
void RowAxpy2(size_t n, double a, const double* x, double b, const double* y, double* z) {
  HWY_DYNAMIC_DISPATCH(Axpy2F64)(n, a, x, b, y, z);
}
}  // namespace skm
#endif  // HWY_ONCE
