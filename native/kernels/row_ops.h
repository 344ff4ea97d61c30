// Dot products and plane rotations of contiguous rows, vectorized per target
// (row_ops.cc, Highway dynamic dispatch): the inner loops of the Jacobi SVD,
// the QL eigensolver and the unblocked parts of the factorizations. The
// compiler cannot vectorize a floating-point sum on its own (it may not
// reorder it), and the kernels' baseline ISA is SSE2.
#ifndef SKETCHMAT_KERNELS_ROW_OPS_H_
#define SKETCHMAT_KERNELS_ROW_OPS_H_

#include <cstddef>

namespace skm {

float RowDot(size_t n, const float* x, const float* y);
double RowDot(size_t n, const double* x, const double* y);
// (x, y) <- (c x - s y, s x + c y), elementwise over n entries.
void RowRotate(size_t n, float c, float s, float* x, float* y);
void RowRotate(size_t n, double c, double s, double* x, double* y);
// Rows 0..count of Z (ncols entries each, ld apart): for j = count-1 down to
// 0, RowRotate(c[j], s[j]) of rows j and j+1, applied a chunk of columns at
// a time (the arithmetic of those RowRotate calls, half the memory traffic).
void RowRotateChain(size_t ncols, size_t count, const float* c, const float* s, float* Z, size_t ld);
void RowRotateChain(size_t ncols, size_t count, const double* c, const double* s, double* Z, size_t ld);
// z <- z + a x + b y, elementwise over n entries (a symmetric rank-2 update, row by row).
void RowAxpy2(size_t n, float a, const float* x, float b, const float* y, float* z);
void RowAxpy2(size_t n, double a, const double* x, double b, const double* y, double* z);

}  // namespace skm

#endif  // SKETCHMAT_KERNELS_ROW_OPS_H_
