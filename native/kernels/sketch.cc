// The sketching C entries: check the operator and the operands once, then
// hand over to the file that holds the math for the kind (sketch_internal.h).
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "sketch_internal.h"

namespace skm {
namespace sketch {

uint64_t Spec::cols() const {
  if (kind != SKM_SKETCH_TENSOR) return n;
  // n^degree, saturated at 2^62 (such an operator has no dense form).
  uint64_t c = 1;
  for (int t = 0; t < static_cast<int>(param); ++t) {
    if (n != 0 && c > (uint64_t{1} << 62) / n) return uint64_t{1} << 62;
    c *= n;
  }
  return c;
}

namespace {

constexpr uint64_t kTwo32 = uint64_t{1} << 32;

// Fills *s from the C arguments; false if they do not name an operator.
bool MakeSpec(int32_t kind, skm_int k, skm_int n, double param,
              uint32_t seed_lo, uint32_t seed_hi, Spec* s) {
  if (k < 0 || n < 0) return false;
  const uint64_t uk = static_cast<uint64_t>(k), un = static_cast<uint64_t>(n);
  if (uk >= kTwo32 || un > kTwo32 || seed_hi >= (1u << 21)) return false;
  // On WebAssembly size_t is 32 bits: n = 2^32 columns cannot be indexed.
  if (un > SIZE_MAX) return false;
  *s = Spec{kind, uk, un, param, Key{seed_lo, seed_hi}};
  switch (kind) {
    case SKM_SKETCH_GAUSSIAN:
    case SKM_SKETCH_RADEMACHER:
      return true;
    case SKM_SKETCH_SPARSE_SIGN:
      return param >= 1 && param <= static_cast<double>(uk) &&
             param == std::floor(param);
    case SKM_SKETCH_VERY_SPARSE:
      return param >= kMinVerySparseDensity && param <= 1;
    case SKM_SKETCH_SRHT:
      return NextPow2(un < 1 ? 1 : un) <= kTwo32 &&
             uk <= NextPow2(un < 1 ? 1 : un);
    case SKM_SKETCH_TENSOR:
      return uk >= 1 && param >= 1 && param <= 64 &&
             param == std::floor(param);
    default:
      return false;
  }
}

bool LdOk(skm_int rows, skm_int cols, skm_int ld) {
  return ld >= 0 && (rows <= 1 || ld >= cols);
}

// indptr[0] = 0, non-decreasing; every index in [0, cols).
bool CsrOk(skm_int rows, skm_int cols, const int32_t* indptr,
           const int32_t* indices) {
  if (rows < 0 || cols < 0 || !indptr || indptr[0] != 0) return false;
  for (skm_int r = 0; r < rows; ++r) {
    if (indptr[r + 1] < indptr[r]) return false;
  }
  const int32_t nnz = indptr[rows];
  for (int32_t p = 0; p < nnz; ++p) {
    if (indices[p] < 0 || indices[p] >= cols) return false;
  }
  return true;
}

template <typename T>
skm_status Dense(int32_t kind, skm_int k, skm_int n, double param,
                 uint32_t lo, uint32_t hi, skm_int col0, skm_int cols, T* out,
                 skm_int ldo) {
  Spec s;
  if (!MakeSpec(kind, k, n, param, lo, hi, &s) || col0 < 0 || cols < 0 ||
      !LdOk(k, cols, ldo))
    return SKM_EINVAL;
  const uint64_t c0 = static_cast<uint64_t>(col0), nc = static_cast<uint64_t>(cols);
  if (c0 + nc > s.cols()) return SKM_EINVAL;
  if (k == 0 || cols == 0) return SKM_OK;
  const size_t ld = static_cast<size_t>(ldo);
  switch (kind) {
    case SKM_SKETCH_GAUSSIAN:
    case SKM_SKETCH_RADEMACHER:
      return DenseDense(s, c0, nc, out, ld);
    case SKM_SKETCH_SRHT:
      return SrhtDense(s, c0, nc, out, ld);
    default:
      return SparseDense(s, c0, nc, out, ld);
  }
}

template <typename T>
skm_status Apply(int32_t kind, skm_int k, skm_int n, double param, uint32_t lo,
                 uint32_t hi, skm_int row0, skm_int rows, skm_int d,
                 const T* B, skm_int ldb, const int32_t* indptr,
                 const int32_t* indices, T* out, skm_int ldo) {
  Spec s;
  if (!MakeSpec(kind, k, n, param, lo, hi, &s) || row0 < 0 || rows < 0 ||
      d < 0 || !LdOk(k, d, ldo))
    return SKM_EINVAL;
  if (static_cast<uint64_t>(row0) + static_cast<uint64_t>(rows) > s.cols())
    return SKM_EINVAL;
  const bool csr = indptr != nullptr;
  if (csr ? !CsrOk(rows, d, indptr, indices) : !LdOk(rows, d, ldb))
    return SKM_EINVAL;
  if (k == 0 || d == 0) return SKM_OK;
  if (rows == 0 || (csr && indptr[rows] == 0)) {
    // No entries of B: the block adds nothing, and the operator's own
    // structure (O(n) for SRHT) is not worth building to say so.
    ZeroBlock(out, static_cast<size_t>(k), static_cast<size_t>(d),
              static_cast<size_t>(ldo));
    return SKM_OK;
  }
  const uint64_t r0 = static_cast<uint64_t>(row0);
  const size_t nr = static_cast<size_t>(rows), nd = static_cast<size_t>(d);
  const size_t lb = static_cast<size_t>(ldb), lo_ = static_cast<size_t>(ldo);
  const Csr<T> c{indptr, indices, B, csr ? indptr[nr] : 0,
                 static_cast<int32_t>(d)};
  switch (kind) {
    case SKM_SKETCH_GAUSSIAN:
    case SKM_SKETCH_RADEMACHER:
      return csr ? DenseApplyCsr(s, r0, nr, nd, c, out, lo_)
                 : DenseApply(s, r0, nr, nd, B, lb, out, lo_);
    case SKM_SKETCH_SRHT:
      return SrhtApply(s, r0, nr, nd, B, lb, csr ? &c : nullptr, out, lo_);
    default:
      return csr ? SparseApplyCsr(s, r0, nr, nd, c, out, lo_)
                 : SparseApply(s, r0, nr, nd, B, lb, out, lo_);
  }
}

template <typename T>
skm_status Project(int32_t kind, skm_int k, skm_int n, double param,
                   uint32_t lo, uint32_t hi, skm_int N, const T* X,
                   skm_int ldx, const int32_t* indptr, const int32_t* indices,
                   T* out, skm_int ldo) {
  Spec s;
  if (!MakeSpec(kind, k, n, param, lo, hi, &s) || N < 0 || !LdOk(N, k, ldo))
    return SKM_EINVAL;
  const bool csr = indptr != nullptr;
  if (csr ? !CsrOk(N, n, indptr, indices) : !LdOk(N, n, ldx))
    return SKM_EINVAL;
  if (k == 0 || N == 0) return SKM_OK;
  const size_t nN = static_cast<size_t>(N), lx = static_cast<size_t>(ldx);
  const size_t lo_ = static_cast<size_t>(ldo);
  const Csr<T> c{indptr, indices, X, csr ? indptr[nN] : 0,
                 static_cast<int32_t>(n)};
  switch (kind) {
    case SKM_SKETCH_GAUSSIAN:
    case SKM_SKETCH_RADEMACHER:
      return csr ? DenseProjectCsr(s, nN, c, out, lo_)
                 : DenseProject(s, nN, X, lx, out, lo_);
    case SKM_SKETCH_SRHT:
      return SrhtProject(s, nN, X, lx, csr ? &c : nullptr, out, lo_);
    case SKM_SKETCH_TENSOR:
      return TensorProject(s, nN, X, lx, csr ? &c : nullptr, out, lo_);
    default:
      return csr ? SparseProjectCsr(s, nN, c, out, lo_)
                 : SparseProject(s, nN, X, lx, out, lo_);
  }
}

}  // namespace
}  // namespace sketch
}  // namespace skm

using skm::sketch::Apply;
using skm::sketch::Dense;
using skm::sketch::Project;

extern "C" {

SKM_API skm_status skm_sketch_dense_f32(int32_t kind, skm_int k, skm_int n,
                                        double param, uint32_t lo, uint32_t hi,
                                        skm_int col0, skm_int cols, float* out,
                                        skm_int ldo) {
  return Dense(kind, k, n, param, lo, hi, col0, cols, out, ldo);
}
SKM_API skm_status skm_sketch_dense_f64(int32_t kind, skm_int k, skm_int n,
                                        double param, uint32_t lo, uint32_t hi,
                                        skm_int col0, skm_int cols,
                                        double* out, skm_int ldo) {
  return Dense(kind, k, n, param, lo, hi, col0, cols, out, ldo);
}
SKM_API skm_status skm_sketch_apply_f32(int32_t kind, skm_int k, skm_int n,
                                        double param, uint32_t lo, uint32_t hi,
                                        skm_int row0, skm_int rows, skm_int d,
                                        const float* B, skm_int ldb,
                                        float* out, skm_int ldo) {
  return Apply<float>(kind, k, n, param, lo, hi, row0, rows, d, B, ldb,
                      nullptr, nullptr, out, ldo);
}
SKM_API skm_status skm_sketch_apply_f64(int32_t kind, skm_int k, skm_int n,
                                        double param, uint32_t lo, uint32_t hi,
                                        skm_int row0, skm_int rows, skm_int d,
                                        const double* B, skm_int ldb,
                                        double* out, skm_int ldo) {
  return Apply<double>(kind, k, n, param, lo, hi, row0, rows, d, B, ldb,
                       nullptr, nullptr, out, ldo);
}
SKM_API skm_status skm_sketch_apply_csr_f32(
    int32_t kind, skm_int k, skm_int n, double param, uint32_t lo, uint32_t hi,
    skm_int row0, skm_int rows, skm_int d, const int32_t* indptr,
    const int32_t* indices, const float* data, float* out, skm_int ldo) {
  if (!indptr) return SKM_EINVAL;
  return Apply<float>(kind, k, n, param, lo, hi, row0, rows, d, data, 0,
                      indptr, indices, out, ldo);
}
SKM_API skm_status skm_sketch_apply_csr_f64(
    int32_t kind, skm_int k, skm_int n, double param, uint32_t lo, uint32_t hi,
    skm_int row0, skm_int rows, skm_int d, const int32_t* indptr,
    const int32_t* indices, const double* data, double* out, skm_int ldo) {
  if (!indptr) return SKM_EINVAL;
  return Apply<double>(kind, k, n, param, lo, hi, row0, rows, d, data, 0,
                       indptr, indices, out, ldo);
}
SKM_API skm_status skm_sketch_project_f32(int32_t kind, skm_int k, skm_int n,
                                          double param, uint32_t lo,
                                          uint32_t hi, skm_int N,
                                          const float* X, skm_int ldx,
                                          float* out, skm_int ldo) {
  return Project<float>(kind, k, n, param, lo, hi, N, X, ldx, nullptr, nullptr,
                        out, ldo);
}
SKM_API skm_status skm_sketch_project_f64(int32_t kind, skm_int k, skm_int n,
                                          double param, uint32_t lo,
                                          uint32_t hi, skm_int N,
                                          const double* X, skm_int ldx,
                                          double* out, skm_int ldo) {
  return Project<double>(kind, k, n, param, lo, hi, N, X, ldx, nullptr,
                         nullptr, out, ldo);
}
SKM_API skm_status skm_sketch_project_csr_f32(
    int32_t kind, skm_int k, skm_int n, double param, uint32_t lo, uint32_t hi,
    skm_int N, const int32_t* indptr, const int32_t* indices,
    const float* data, float* out, skm_int ldo) {
  if (!indptr) return SKM_EINVAL;
  return Project<float>(kind, k, n, param, lo, hi, N, data, 0, indptr, indices,
                        out, ldo);
}
SKM_API skm_status skm_sketch_project_csr_f64(
    int32_t kind, skm_int k, skm_int n, double param, uint32_t lo, uint32_t hi,
    skm_int N, const int32_t* indptr, const int32_t* indices,
    const double* data, double* out, skm_int ldo) {
  if (!indptr) return SKM_EINVAL;
  return Project<double>(kind, k, n, param, lo, hi, N, data, 0, indptr,
                         indices, out, ldo);
}

}  // extern "C"
