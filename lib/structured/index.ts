/** Structured matrices (issue 18): lazy linear operators, Monarch, fitting from dense weights. Exported as `structured`. */
export { LinearOperator, isOperator } from './operator';
export type { LinearAsyncOptions } from './operator';
export { dense, diagonal, permutation, lowRank } from './basic';
export { product, sum, scale, blockDiagonal, kronecker, transpose } from './compose';
export { monarch } from './monarch';
export type { MonarchSpec } from './monarch';
export { toeplitz, circulant } from './toeplitz';
export { nmSparse } from './nm';
export type { NmOptions } from './nm';
export { fit } from './fit';
export type { FitKind, FitOptions, FitResult } from './fit';
export { save, load } from './serialize';
// structured-kernels: block sparse (BSR) and CSR operators on the BSR kernel.
export { blockSparse, csr } from './sparse';
export type { BlockSparseSpec } from './sparse';
