// Block sparse (BSR) products (skm_structured_kernels.h); CSR is the case of
// 1 x 1 blocks.
//
// Samples go 16 at a time: for each block row, each stored block (br x bc,
// small enough to stay in L1) meets all 16 samples before the next block, so
// the blocks are read from memory once per 16 samples. The forward product
// is, per block row of a block, a dot product with the sample's bc inputs;
// the transposed one an axpy into the sample's bc outputs; both run on
// vectors along the block's rows (VecOps: f64x2 on WASM too), scalar tails.
// The structure (indptr, indices) is checked in full before any write.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "alloc.h"
#include "cancel.h"
#include "guarded.h"
#include "skm_structured_kernels.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "bsr.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#include "vec_ops-inl.h"

constexpr size_t kBsrTile = 16;

template <typename T>
HWY_INLINE T DotN(const T* HWY_RESTRICT a, const T* HWY_RESTRICT b, size_t n) {
  using Ops = VecOps<T>;
  constexpr size_t N = Ops::kN;
  size_t j = 0;
  T s = 0;
  if (n >= 2 * N) {
    auto a0 = Ops::Zero(), a1 = Ops::Zero();
    for (; j + 2 * N <= n; j += 2 * N) {
      a0 = Ops::MulAdd(Ops::LoadU(a + j), Ops::LoadU(b + j), a0);
      a1 = Ops::MulAdd(Ops::LoadU(a + j + N), Ops::LoadU(b + j + N), a1);
    }
    s = Ops::Sum(Ops::Add(a0, a1));
  }
  for (; j < n; ++j) s += a[j] * b[j];
  return s;
}

template <typename T>
HWY_INLINE void AxpyN(T alpha, const T* HWY_RESTRICT a, T* HWY_RESTRICT y, size_t n) {
  using Ops = VecOps<T>;
  constexpr size_t N = Ops::kN;
  size_t j = 0;
  const auto va = Ops::Set(alpha);
  for (; j + N <= n; j += N) Ops::StoreU(Ops::MulAdd(va, Ops::LoadU(a + j), Ops::LoadU(y + j)), y + j);
  for (; j < n; ++j) y[j] += alpha * a[j];
}

template <typename T>
skm_status BsrT(bool trans, size_t batch, size_t mb, size_t nb, size_t br, size_t bc,
                const int32_t* indptr, const int32_t* indices, const T* blocks, const T* X,
                size_t ldx, T* Y, size_t ldy) {
  const size_t nout = trans ? nb * bc : mb * br;
  for (size_t s = 0; s < batch; ++s) std::memset(static_cast<void*>(Y + s * ldy), 0, nout * sizeof(T));
  const size_t bsize = br * bc;
  for (size_t s0 = 0; s0 < batch; s0 += kBsrTile) {
    const size_t ns = batch - s0 < kBsrTile ? batch - s0 : kBsrTile;
    for (size_t I = 0; I < mb; ++I) {
      if ((I & 255) == 0 && Cancelled()) return SKM_ECANCELED;
      const size_t k0 = static_cast<size_t>(indptr[I]), k1 = static_cast<size_t>(indptr[I + 1]);
      for (size_t k = k0; k < k1; ++k) {
        const size_t J = static_cast<size_t>(indices[k]);
        const T* B = blocks + k * bsize;
        for (size_t r = 0; r < ns; ++r) {
          const T* x = X + (s0 + r) * ldx;
          T* y = Y + (s0 + r) * ldy;
          if (!trans) {
            const T* xj = x + J * bc;
            T* yi = y + I * br;
            if (bc == 1) {
              for (size_t i = 0; i < br; ++i) yi[i] += B[i] * xj[0];
            } else {
              for (size_t i = 0; i < br; ++i) yi[i] += DotN(B + i * bc, xj, bc);
            }
          } else {
            const T* xi = x + I * br;
            T* yj = y + J * bc;
            if (bc == 1) {
              for (size_t i = 0; i < br; ++i) yj[0] += B[i] * xi[i];
            } else {
              for (size_t i = 0; i < br; ++i) AxpyN(xi[i], B + i * bc, yj, bc);
            }
          }
        }
      }
    }
  }
  return SKM_OK;
}

skm_status BsrF32(bool trans, size_t batch, size_t mb, size_t nb, size_t br, size_t bc,
                  const int32_t* indptr, const int32_t* indices, const float* blocks,
                  const float* X, size_t ldx, float* Y, size_t ldy) {
  return BsrT<float>(trans, batch, mb, nb, br, bc, indptr, indices, blocks, X, ldx, Y, ldy);
}
skm_status BsrF64(bool trans, size_t batch, size_t mb, size_t nb, size_t br, size_t bc,
                  const int32_t* indptr, const int32_t* indices, const double* blocks,
                  const double* X, size_t ldx, double* Y, size_t ldy) {
  return BsrT<double>(trans, batch, mb, nb, br, bc, indptr, indices, blocks, X, ldx, Y, ldy);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(BsrF32);
HWY_EXPORT(BsrF64);

namespace {

skm_status Dispatch(bool trans, size_t batch, size_t mb, size_t nb, size_t br, size_t bc,
                    const int32_t* indptr, const int32_t* indices, const float* blocks,
                    const float* X, size_t ldx, float* Y, size_t ldy) {
  return HWY_DYNAMIC_DISPATCH(BsrF32)(trans, batch, mb, nb, br, bc, indptr, indices, blocks, X, ldx, Y, ldy);
}
skm_status Dispatch(bool trans, size_t batch, size_t mb, size_t nb, size_t br, size_t bc,
                    const int32_t* indptr, const int32_t* indices, const double* blocks,
                    const double* X, size_t ldx, double* Y, size_t ldy) {
  return HWY_DYNAMIC_DISPATCH(BsrF64)(trans, batch, mb, nb, br, bc, indptr, indices, blocks, X, ldx, Y, ldy);
}

template <typename T>
skm_status Bsr(int32_t trans, skm_int batch, skm_int mb, skm_int nb, skm_int br, skm_int bc, skm_int nnzb,
               const int32_t* indptr, const int32_t* indices, const T* blocks, const T* X, skm_int ldx,
               T* Y, skm_int ldy) {
  if (trans != 0 && trans != 1) return SKM_EINVAL;
  if (batch < 0 || mb < 0 || nb < 0 || nnzb < 0 || ldx < 0 || ldy < 0 || br < 1 || bc < 1) return SKM_EINVAL;
  // indptr and indices are int32: counts and block columns must fit.
  if (mb > INT32_MAX - 1 || nb > INT32_MAX || nnzb > INT32_MAX) return SKM_EINVAL;
  skm_int rows, cols, vals, last;
  if (__builtin_mul_overflow(mb, br, &rows) || __builtin_mul_overflow(nb, bc, &cols) ||
      __builtin_mul_overflow(nnzb, br, &vals) || __builtin_mul_overflow(vals, bc, &vals)) {
    return SKM_EINVAL;
  }
  const skm_int nin = trans ? rows : cols, nout = trans ? cols : rows;
  if (batch > 0 && (ldx < nin || ldy < nout)) return SKM_EINVAL;
  if (batch > 0 && (__builtin_mul_overflow(batch - 1, ldx, &last) || __builtin_mul_overflow(batch - 1, ldy, &last))) {
    return SKM_EINVAL;
  }
  // The structure, in full, before anything is written.
  if (indptr == nullptr || indptr[0] != 0 || indptr[mb] != nnzb) return SKM_EINVAL;
  for (skm_int I = 0; I < mb; ++I) {
    if (indptr[I + 1] < indptr[I]) return SKM_EINVAL;
  }
  if (nnzb > 0 && (indices == nullptr || blocks == nullptr)) return SKM_EINVAL;
  for (skm_int k = 0; k < nnzb; ++k) {
    if (indices[k] < 0 || indices[k] >= nb) return SKM_EINVAL;
  }
  if (batch == 0 || nout == 0) return SKM_OK;
  if (Y == nullptr || (nin > 0 && X == nullptr)) return SKM_EINVAL;
  return Dispatch(trans != 0, size_t(batch), size_t(mb), size_t(nb), size_t(br), size_t(bc), indptr, indices,
                  blocks, X, size_t(ldx), Y, size_t(ldy));
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_bsr_f32(int32_t trans, skm_int batch, skm_int mb, skm_int nb, skm_int br, skm_int bc,
                               skm_int nnzb, const int32_t* indptr, const int32_t* indices,
                               const float* blocks, const float* X, skm_int ldx, float* Y, skm_int ldy) {
  return skm::Guarded([&] {
    return skm::Bsr<float>(trans, batch, mb, nb, br, bc, nnzb, indptr, indices, blocks, X, ldx, Y, ldy);
  });
}

SKM_API skm_status skm_bsr_f64(int32_t trans, skm_int batch, skm_int mb, skm_int nb, skm_int br, skm_int bc,
                               skm_int nnzb, const int32_t* indptr, const int32_t* indices,
                               const double* blocks, const double* X, skm_int ldx, double* Y, skm_int ldy) {
  return skm::Guarded([&] {
    return skm::Bsr<double>(trans, batch, mb, nb, br, bc, nnzb, indptr, indices, blocks, X, ldx, Y, ldy);
  });
}

}  // extern "C"
#endif  // HWY_ONCE
