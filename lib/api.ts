/** The public API, the same in Node and browsers. */
export { Matrix } from './matrix';
export type { MatrixOptions } from './matrix';
export type { DType, FloatArray } from './dtype';
export { ShapeError, DTypeError, ValueError, BackendError, OutOfMemoryError, AbortError, FormatError } from './errors';
export type { SketchmatError } from './errors';
export { ready, backendInfo } from './backend/select';
export type { BackendInfo, ReadyOptions } from './backend/select';
export type { BackendName, SimdName } from './backend/backend';
export { matmul, matmulAsync } from './dense/matmul';
export type { MatmulOptions } from './dense/matmul';
export { matvec } from './dense/matvec';
export type { MatvecOptions } from './dense/matvec';
import * as random from './random/index';
export { random };
export type { RandomOptions } from './random/index';
export { CsrMatrix } from './sparse/csr';
import * as sketch from './sketch/index';
export { sketch };
export type { SketchOperator, SketchJSON, SketchKind, SketchOptions, ApplyOptions, ProjectOptions, ProjectAsyncOptions } from './sketch/index';
// Bytes and text only here (browsers too); the Node entry (lib/index.ts) exports an io with files on disk.
import * as io from './io/index';
export { io };
export { NotPositiveDefiniteError } from './errors';
import * as linalg from './linalg/index';
export { linalg };
export { qr, qrAsync, cholesky, solveTriangular, eigh, eighAsync, svd, svdAsync } from './linalg/index';
export type {
  QrOptions, QrResult, CholeskyOptions, SolveTriangularOptions, EighOptions, EighResult, SvdOptions, SvdResult,
  RsvdOptions, RsvdAsyncOptions, RsvdResult, PcaOptions, PcaAsyncOptions, Pca, StepProgress, OnProgress,
} from './linalg/index';
// Least squares, leverage, sampling, CUR, Nyström (issue 17; also under linalg).
export type {
  LstsqOptions, LstsqResult, LstsqMethod, LeverageOptions, SampleRowsOptions, SampleRowsResult, SampleBy,
  LstsqAsyncOptions, CurOptions, CurResult, NystromOptions, NystromAsyncOptions, NystromResult,
} from './linalg/index';
import * as structured from './structured/index';
export { structured };
export type { LinearOperator, LinearAsyncOptions, MonarchSpec } from './structured/index';
export type { BlastSpec, Budget, BudgetAttempt, BudgetResult } from './structured/index';
import * as features from './features/index';
export { features };
export type { SimHash, SimHashOptions, SimHashJSON, EncodeAsyncOptions, SearchOptions, SearchAsyncOptions, SearchResult, FeaturesJSON, RandomFourierFeatures, RffOptions, RffJSON, RffCoupling, TransformAsyncOptions } from './features/index';
export type { RffKernel, PositiveRandomFeatures, PositiveOptions, PositiveJSON, PositiveStabilize, PositiveTransformOptions, PositiveTransformAsyncOptions, Muvera, MuveraOptions, MuveraJSON, FastRPOptions, FastRPAsyncOptions } from './features/index';
import * as interop from './interop/index';
export { interop };
export type { InteropKind, ToMatrixOptions, ToTfOptions } from './interop/index';
