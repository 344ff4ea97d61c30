// Triangular solve op(T) X = B with many right-hand sides, blocked.
//
// op(T) is lower triangular ("forward") when T is lower and not transposed or
// upper and transposed; otherwise upper ("backward"). Blocks of kNb rows of X
// are solved by substitution (row operations on B's contiguous rows, which
// vectorize across the right-hand sides), then the rest of B is updated by
// one GEMM with the solved block. The transposes never move data: a block of
// op(T) is a block of T read with transA.
#include "cancel.h"
#include "guarded.h"
#include "linalg_util.h"
#include "skm_linalg.h"

namespace skm {
namespace {

constexpr skm_int kNb = 64;

template <typename T>
struct OpT {
  const T* t;
  skm_int ld;
  bool trans;
  T operator()(skm_int i, skm_int j) const { return trans ? t[j * ld + i] : t[i * ld + j]; }
};

// Row i of B -= a * row j, over nrhs columns.
template <typename T>
inline void Axpy(skm_int nrhs, T a, const T* x, T* y) {
  for (skm_int c = 0; c < nrhs; ++c) y[c] -= a * x[c];
}
template <typename T>
inline void ScaleRow(skm_int nrhs, T d, T* y) {
  for (skm_int c = 0; c < nrhs; ++c) y[c] /= d;
}

template <typename T>
skm_status Trsm(int32_t lower, int32_t trans, int32_t unit, skm_int n, skm_int nrhs, const T* Tm,
                skm_int ldt, T* B, skm_int ldb) {
  if (!linalg::IsFlag(lower) || !linalg::IsFlag(trans) || !linalg::IsFlag(unit)) return SKM_EINVAL;
  if (n < 0 || nrhs < 0) return SKM_EINVAL;
  if (!linalg::StoredOk(Tm, n, n, ldt) || !linalg::StoredOk(B, n, nrhs, ldb)) return SKM_EINVAL;
  if (n == 0 || nrhs == 0) return SKM_OK;
  const OpT<T> op{Tm, ldt, trans != 0};
  const bool forward = (lower != 0) != (trans != 0);
  if (forward) {
    for (skm_int k0 = 0; k0 < n; k0 += kNb) {
      if (Cancelled()) return SKM_ECANCELED;
      const skm_int k1 = k0 + kNb < n ? k0 + kNb : n, kb = k1 - k0;
      for (skm_int i = k0; i < k1; ++i) {
        T* bi = B + i * ldb;
        for (skm_int j = k0; j < i; ++j) Axpy(nrhs, op(i, j), B + j * ldb, bi);
        if (!unit) ScaleRow(nrhs, op(i, i), bi);
      }
      if (k1 < n) {
        // B[k1:n] -= op(T)[k1:n, k0:k1] * X[k0:k1]
        const T* blk = trans ? Tm + k0 * ldt + k1 : Tm + k1 * ldt + k0;
        const skm_status st = linalg::Gemm(trans != 0, false, n - k1, nrhs, kb, T(-1), blk, ldt,
                                           B + k0 * ldb, ldb, T(1), B + k1 * ldb, ldb);
        if (st != SKM_OK) return st;
      }
    }
  } else {
    for (skm_int k1 = n; k1 > 0; k1 -= kNb) {
      if (Cancelled()) return SKM_ECANCELED;
      const skm_int k0 = k1 > kNb ? k1 - kNb : 0, kb = k1 - k0;
      for (skm_int i = k1 - 1; i >= k0; --i) {
        T* bi = B + i * ldb;
        for (skm_int j = i + 1; j < k1; ++j) Axpy(nrhs, op(i, j), B + j * ldb, bi);
        if (!unit) ScaleRow(nrhs, op(i, i), bi);
      }
      if (k0 > 0) {
        // B[0:k0] -= op(T)[0:k0, k0:k1] * X[k0:k1]
        const T* blk = trans ? Tm + k0 * ldt : Tm + k0;
        const skm_status st = linalg::Gemm(trans != 0, false, k0, nrhs, kb, T(-1), blk, ldt,
                                           B + k0 * ldb, ldb, T(1), B, ldb);
        if (st != SKM_OK) return st;
      }
    }
  }
  return SKM_OK;
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_trsm_f32(int32_t lower, int32_t trans, int32_t unit, skm_int n, skm_int nrhs,
                                const float* T, skm_int ldt, float* B, skm_int ldb) {
  return skm::Guarded([&] { return skm::Trsm<float>(lower, trans, unit, n, nrhs, T, ldt, B, ldb); });
}
SKM_API skm_status skm_trsm_f64(int32_t lower, int32_t trans, int32_t unit, skm_int n, skm_int nrhs,
                                const double* T, skm_int ldt, double* B, skm_int ldb) {
  return skm::Guarded([&] { return skm::Trsm<double>(lower, trans, unit, n, nrhs, T, ldt, B, ldb); });
}

}  // extern "C"
