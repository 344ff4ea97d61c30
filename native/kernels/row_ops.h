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

}  // namespace skm

#endif  // SKETCHMAT_KERNELS_ROW_OPS_H_
