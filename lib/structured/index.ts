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
// BLAST, CUR and the budgeted fit (structured-fits).
export { blast } from './blast';
export type { BlastSpec } from './blast';
export { cur } from './cur';
export { fitBudget } from './budget';
export type { Budget, BudgetAttempt, BudgetResult } from './budget';
// structured-kernels: block sparse (BSR) and CSR operators on the BSR kernel.
export { blockSparse, csr } from './sparse';
export type { BlockSparseSpec } from './sparse';
