/** The input check every encoder shares: X a Matrix with the encoder's input width. */
import { describe } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix, isMatrix } from '../matrix';
import { checkAllocation } from '../validate';

/**
 * X, checked: a Matrix of `inputDim` columns, and (when outputDim is given)
 * an N × outputDim result that can be allocated.
 */
export function checkEncoderInput(X: unknown, inputDim: number, what: string, outputDim?: number): Matrix {
  if (!isMatrix(X)) throw new ValueError(`${what}: X must be a Matrix, got ${describe(X)}`);
  const x = checkMatrix(X, `${what}: X`);
  if (x.cols !== inputDim) {
    throw new ShapeError(`${what}: X is ${x.rows}×${x.cols} but the encoder takes rows of ${inputDim} (X needs ${inputDim} columns)`);
  }
  if (outputDim !== undefined) checkAllocation(x.rows, outputDim, what);
  return x;
}
