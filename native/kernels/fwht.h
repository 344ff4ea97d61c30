// What other kernels call in fwht.cc besides the C ABI's skm_fwht_*.
#ifndef SKETCHMAT_KERNELS_FWHT_H_
#define SKETCHMAT_KERNELS_FWHT_H_

#include <cstddef>
#include <cstdint>

namespace skm {

// X S^T for the SRHT (srht.cc): for each row r of X (N x n, row stride
// ldx), y = the unnormalized FWHT of sign .* X[r] zero-padded to n2 (a
// power of two >= n), and out[r * ldo + i] = y[take[i]] * mag for i < k.
template <typename T>
struct SrhtRowsArgs {
  size_t N, n, n2;
  const T* X;
  size_t ldx;
  const T* sign;         // n entries, +-1
  const uint32_t* take;  // k indices < n2
  size_t k;
  T mag;
  T* out;
  size_t ldo;
};

// Rows [r0, r0 + count); y is n2 elements of scratch.
void SrhtRows(const SrhtRowsArgs<float>& a, size_t r0, size_t count, float* y);
void SrhtRows(const SrhtRowsArgs<double>& a, size_t r0, size_t count, double* y);

// The unnormalized FWHT down each column of y (rows x w, row-major, rows a
// power of two), in place; the same bits as each column transformed alone.
// Fast (vectors across a row, cache-blocked) when w is FwhtColumnsWidth(T)
// and y 64-byte aligned; that width is 0 where T has no vectors (f64 on
// WASM): use skm_fwht_* on transposed columns there.
void FwhtColumns(float* y, size_t rows, size_t w);
void FwhtColumns(double* y, size_t rows, size_t w);
size_t FwhtColumnsWidth(float);
size_t FwhtColumnsWidth(double);

}  // namespace skm

#endif  // SKETCHMAT_KERNELS_FWHT_H_
