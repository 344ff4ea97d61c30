/**
 * The demo's sections after the embeddings (lib/cli/demo.ts): PCA of the
 * digits beside the exact SVD, and a real weight matrix fitted onto each
 * structure. Each reads its shipped file (data/) and says what it found.
 */
import { performance } from 'node:perf_hooks';
import { matmul } from '../dense/matmul';
import { openNpy } from '../io/files';
import { pca } from '../linalg/pca';
import { svd } from '../linalg/index';
import { Matrix } from '../matrix';
import { gaussian } from '../random/index';
import { fit, FitKind, FitOptions } from '../structured/index';
import { table } from './context';

export interface SectionResult {
  text: string;
  json: unknown;
}

function readAll(file: string): Matrix {
  const f = openNpy(file);
  try {
    return f.readRows(0, f.rows);
  } finally {
    f.close();
  }
}

/**
 * One warm-up call (JIT, first page faults), then the fastest of 3 to
 * `maxRuns` calls within ~0.1 s, in seconds: the least disturbed by other
 * work on the machine.
 */
export function fastest(run: () => unknown, maxRuns = 10): number {
  run();
  let best = Infinity;
  const start = performance.now();
  for (let r = 0; r < maxRuns && (r < 3 || performance.now() - start < 100); r++) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  return best / 1000;
}

/** PCA (randomized, linalg.pca) of the 8×8 digits beside the exact SVD of the centred data. */
export function pcaSection(file: string): SectionResult {
  const X = readAll(file);
  const k = 10;
  const p = pca(X, k, { seed: 42 });
  const secondsRandomized = fastest(() => pca(X, k, { seed: 42 }));
  const Xc = X.clone();
  for (let j = 0; j < X.cols; j++) {
    let mean = 0;
    for (let i = 0; i < X.rows; i++) mean += Xc.data[i * X.cols + j];
    mean /= X.rows;
    for (let i = 0; i < X.rows; i++) Xc.data[i * X.cols + j] -= mean;
  }
  const { s } = svd(Xc);
  const secondsExact = fastest(() => svd(Xc));
  const total = s.reduce((a, v) => a + v * v, 0);
  const exact = Array.from(s.subarray(0, k), (v) => (total > 0 ? (v * v) / total : 0));
  const rows = exact.map((e, i) => [String(i + 1), (100 * p.explainedVarianceRatio[i]).toFixed(2) + '%', (100 * e).toFixed(2) + '%']);
  const cum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
  const worst = Math.max(...exact.map((e, i) => Math.abs(p.explainedVarianceRatio[i] - e)));
  const text = [
    `PCA of the digits: ${X.rows} images of 8×8 pixels (scikit-learn's digits, BSD-3-Clause), ${k} components`,
    '',
    table(['component', 'explained (pca)', 'explained (exact SVD)'], rows),
    '',
    `The first ${k} components explain ${(100 * cum(p.explainedVarianceRatio)).toFixed(1)}% of the variance; ` +
      `randomized and exact agree to ${(100 * worst).toFixed(3)} percentage points. ` +
      `Time: linalg.pca ${(1000 * secondsRandomized).toFixed(1)} ms, exact SVD ${(1000 * secondsExact).toFixed(1)} ms.`,
  ].join('\n');
  return {
    text,
    json: {
      data: { rows: X.rows, cols: X.cols }, k,
      explainedVarianceRatio: Array.from(p.explainedVarianceRatio), exactRatio: exact,
      secondsPca: secondsRandomized, secondsExactSvd: secondsExact,
    },
  };
}

/** A real weight matrix fitted onto each structure at a similar budget: error, parameters, speed of X·Ŵᵀ. */
export function structuredSection(file: string): SectionResult {
  const W = readAll(file);
  const batch = 64;
  const X = gaussian(batch, W.cols, { seed: 7, dtype: W.dtype });
  const dense = fastest(() => matmul(X, W, { transB: true }));
  const r = Math.max(1, Math.round(Math.min(W.rows, W.cols) / 16));
  const tries: [string, FitKind, FitOptions][] = [
    [`lowRank r=${r}`, 'lowRank', { rank: r }],
    ['monarch 16 blocks', 'monarch', { blocks: 16 }],
    ['kronecker 16×16 ⊗ 32×32', 'kronecker', { shapes: [[16, 16], [W.rows / 16, W.cols / 16]] as const }],
    ['toeplitz', 'toeplitz', {}],
    ['2:4 sparse', 'nm', { n: 2, m: 4 }],
  ];
  const results = tries.map(([name, kind, opts]) => {
    const t = performance.now();
    const f = fit(W, kind, opts);
    const secondsFit = (performance.now() - t) / 1000;
    const secondsApply = fastest(() => f.op.linear(X));
    return { name, kind, relError: f.relError, paramRatio: f.paramRatio, secondsFit, secondsApply, speedup: dense / secondsApply };
  });
  const text = [
    `A real weight matrix compressed: ${W.rows}×${W.cols} attention output projection (Universal Sentence Encoder Lite, Apache-2.0); ` +
      `speed of X·Ŵᵀ for ${batch} inputs beside the dense ${(1000 * dense).toFixed(2)} ms`,
    '',
    table(['structure', 'rel. error', 'params', 'fit', 'apply', 'vs dense'], results.map((x) => [
      x.name, x.relError.toFixed(3), (100 * x.paramRatio).toFixed(1) + '%', `${(1000 * x.secondsFit).toFixed(0)} ms`,
      `${(1000 * x.secondsApply).toFixed(2)} ms`, `${x.speedup.toFixed(x.speedup < 0.1 ? 3 : 1)}×`,
    ])),
    '',
    'Each fit is the best of its structure in Frobenius norm (error = ‖W − Ŵ‖/‖W‖). Trained weights are close to full rank,',
    'so at a few percent of the parameters every structure loses most of the matrix; 2:4 keeps the most, at half the',
    'parameters. Fine-tuning after the fit, not shown here, is what recovers the accuracy in practice.',
  ].join('\n');
  return { text, json: { data: { rows: W.rows, cols: W.cols }, batch, secondsDense: dense, results } };
}
