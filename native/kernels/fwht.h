// What other kernels call in fwht.cc besides the C ABI's skm_fwht_*.
#ifndef SKETCHMAT_KERNELS_FWHT_H_
#define SKETCHMAT_KERNELS_FWHT_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace skm {

// Overflow guard of the transforms whose true result is smaller than their
// unnormalized intermediate (normalized FWHT, SRHT): a length-n2 transform
// grows entries by at most n2, so values up to `maxabs` are safe when
// maxabs * n2 fits T. Otherwise this gives the e for which values scaled by
// 2^-e are safe (maxabs * 2^-e * n2 < max(T) / 2); the caller scales by 2^-e
// before and folds 2^e into the final scale after. Power-of-two scaling
// commutes with rounding, so the bits equal the unscaled transform's
// wherever that one did not overflow (entries below 2^-e * min-normal may
// lose bits: far below the rounding of the large ones). 0: no scaling (also
// for a non-finite maxabs, whose row is non-finite anyway).
template <typename T>
inline int OverflowShift(double maxabs, size_t n2) {
  const double limit = static_cast<double>(std::numeric_limits<T>::max()) / 2.0 /
                       static_cast<double>(n2);
  if (!(maxabs > limit) || !std::isfinite(maxabs)) return 0;
  int e = 0;
  std::frexp(maxabs / limit, &e);  // maxabs / limit < 2^e
  return e;
}

// max |x[i]| for i < n (vectors where the target has them). With a NaN
// among x the answer may differ by target; such a row transforms to NaN
// whatever the scaling, so that never shows.
double MaxAbs(const float* x, size_t n);
double MaxAbs(const double* x, size_t n);

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

// Rows [r0, r0 + count); y is n2 elements of scratch. A row large enough
// to overflow the transform is scaled first (OverflowShift).
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
