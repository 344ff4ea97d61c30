// Shared plumbing of the sketch kernels (sketch.cc dispatches on the kind to
// the files that hold the math). Not part of the C ABI.
#ifndef SKETCHMAT_KERNELS_SKETCH_INTERNAL_H_
#define SKETCHMAT_KERNELS_SKETCH_INTERNAL_H_

#include <cstddef>
#include <cstdint>

#include "sketch_def.h"
#include "sketchmat.h"

namespace skm {
namespace sketch {

// What names an operator, checked once by sketch.cc before any kernel runs.
struct Spec {
  int32_t kind;
  uint64_t k, n;  // S is k x cols(); for TensorSketch n is the input length
  double param;   // nnz / density / degree
  Key key;
  uint64_t cols() const;  // n, or n^degree for TensorSketch
};

// A CSR operand. sketch.cc has checked indptr and indices once, but the
// arrays are the caller's and another thread may write them meanwhile, so
// every read that becomes an address goes through Begin/End/Col: a racing
// writer can change the numbers, never where the kernel reads or writes.
template <typename T>
struct Csr {
  const int32_t* indptr;
  const int32_t* indices;
  const T* data;
  int32_t nnz;   // indptr[rows] as checked: entries [0, nnz) exist
  int32_t cols;  // every column index must be in [0, cols)

  // Row r's entries are [Begin(r), End(r)), both clamped into [0, nnz] (an
  // End below Begin makes an empty loop).
  int32_t Begin(size_t r) const { return Clamp(indptr[r]); }
  int32_t End(size_t r) const { return Clamp(indptr[r + 1]); }
  // Entry p's column; false (skip the entry) if it left [0, cols).
  bool Col(int32_t p, size_t* j) const {
    const int32_t c = indices[p];
    if (c < 0 || c >= cols) return false;
    *j = static_cast<size_t>(c);
    return true;
  }

 private:
  int32_t Clamp(int32_t p) const { return p < 0 ? 0 : p > nnz ? nnz : p; }
};

// Every kernel below returns SKM_OK or SKM_ENOMEM (allocation before any
// output is written).

// Sparse kinds (sparse_sign.cc): sparse sign, very sparse, TensorSketch's
// apply and dense (its columns are a CountSketch of [0, n^degree)).
template <typename T>
skm_status SparseDense(const Spec& s, uint64_t col0, uint64_t cols, T* out,
                       size_t ldo);
template <typename T>
skm_status SparseApply(const Spec& s, uint64_t row0, size_t rows, size_t d,
                       const T* B, size_t ldb, T* out, size_t ldo);
template <typename T>
skm_status SparseApplyCsr(const Spec& s, uint64_t row0, size_t rows, size_t d,
                          const Csr<T>& B, T* out, size_t ldo);
template <typename T>
skm_status SparseProject(const Spec& s, size_t N, const T* X, size_t ldx,
                         T* out, size_t ldo);
template <typename T>
skm_status SparseProjectCsr(const Spec& s, size_t N, const Csr<T>& X, T* out,
                            size_t ldo);

// Gaussian and Rademacher (dense_sketch.cc): blocks of S and the GEMM.
template <typename T>
skm_status DenseDense(const Spec& s, uint64_t col0, uint64_t cols, T* out,
                      size_t ldo);
template <typename T>
skm_status DenseApply(const Spec& s, uint64_t row0, size_t rows, size_t d,
                      const T* B, size_t ldb, T* out, size_t ldo);
template <typename T>
skm_status DenseApplyCsr(const Spec& s, uint64_t row0, size_t rows, size_t d,
                         const Csr<T>& B, T* out, size_t ldo);
template <typename T>
skm_status DenseProject(const Spec& s, size_t N, const T* X, size_t ldx,
                        T* out, size_t ldo);
template <typename T>
skm_status DenseProjectCsr(const Spec& s, size_t N, const Csr<T>& X, T* out,
                           size_t ldo);

// SRHT (srht.cc), through the FWHT.
template <typename T>
skm_status SrhtDense(const Spec& s, uint64_t col0, uint64_t cols, T* out,
                     size_t ldo);
template <typename T>
skm_status SrhtApply(const Spec& s, uint64_t row0, size_t rows, size_t d,
                     const T* B, size_t ldb, const Csr<T>* Bcsr, T* out,
                     size_t ldo);
template <typename T>
skm_status SrhtProject(const Spec& s, size_t N, const T* X, size_t ldx,
                       const Csr<T>* Xcsr, T* out, size_t ldo);

// TensorSketch's project (tensor_sketch.cc), through the FFT.
template <typename T>
skm_status TensorProject(const Spec& s, size_t N, const T* X, size_t ldx,
                         const Csr<T>* Xcsr, T* out, size_t ldo);

// out[r * ldo + c] = 0 for the block.
template <typename T>
inline void ZeroBlock(T* out, size_t rows, size_t cols, size_t ldo) {
  for (size_t r = 0; r < rows; ++r) {
    T* o = out + r * ldo;
    for (size_t c = 0; c < cols; ++c) o[c] = T(0);
  }
}

}  // namespace sketch
}  // namespace skm

#endif  // SKETCHMAT_KERNELS_SKETCH_INTERNAL_H_
