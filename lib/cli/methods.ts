/** The sketches the CLI offers, by name, built the same way by `demo` and `project`. */
import * as sketch from '../sketch/index';
import type { SketchOperator } from '../sketch/operator';

/**
 * The sketches that embed vectors (E‖Sx‖² = ‖x‖², so distances are kept).
 * TensorSketch is left out: it sketches x ⊗ x (polynomial kernels), not x.
 */
export const METHODS = ['gaussian', 'rademacher', 'sparseSign', 'countSketch', 'verySparse', 'srht'] as const;
export type Method = (typeof METHODS)[number];

export const METHOD_NOTES: Record<Method, string> = {
  gaussian: 'dense N(0, 1/k) entries: the reference',
  rademacher: 'dense ±1/√k entries',
  sparseSign: 'nnz (default 8) nonzeros ±1/√nnz per column',
  countSketch: 'one ±1 per column (sparse sign with nnz 1)',
  verySparse: 'entries nonzero with probability 1/√n (Li, Hastie, Church 2006)',
  srht: 'subsampled randomized Hadamard transform (k ≤ n padded to a power of two)',
};

export interface MethodParams {
  nnz?: number;
  density?: number;
}

export function makeSketch(method: Method, k: number, n: number, seed: number, p: MethodParams = {}): SketchOperator {
  switch (method) {
    case 'sparseSign':
      return sketch.sparseSign({ k, n, seed, ...(p.nnz === undefined ? {} : { nnz: p.nnz }) });
    case 'verySparse':
      return sketch.verySparse({ k, n, seed, ...(p.density === undefined ? {} : { density: p.density }) });
    default:
      return sketch[method]({ k, n, seed });
  }
}
