/** Dense linear algebra: factorizations and solves (issue 17). Exported as the `linalg` namespace. */
export { qr, qrAsync } from './qr';
export type { QrOptions, QrResult } from './qr';
export { cholesky } from './cholesky';
export type { CholeskyOptions } from './cholesky';
export { solveTriangular } from './triangular';
export type { SolveTriangularOptions } from './triangular';
export { eigh, eighAsync } from './eigh';
export type { EighOptions, EighResult } from './eigh';
export { svd, svdAsync } from './svd';
export type { SvdOptions, SvdResult } from './svd';
export { rsvd, rsvdAsync } from './rsvd';
export type { RsvdOptions, RsvdResult, RsvdOperator } from './rsvd';
export { pca, pcaAsync, Pca } from './pca';
export type { PcaOptions } from './pca';
export { FrequentDirections } from './frequent-directions';
export type { FrequentDirectionsOptions } from './frequent-directions';
