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
export { rsvd } from './rsvd';
export type { RsvdOptions, RsvdResult } from './rsvd';
export { pca, Pca } from './pca';
export type { PcaOptions } from './pca';
export { lstsq, lstsqAsync } from './lstsq';
export type { LstsqOptions, LstsqResult, LstsqMethod } from './lstsq';
