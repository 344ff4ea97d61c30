/**
 * `sketchmat demo`: the README's first command. Real data shipped in the
 * package (data/, see data/README.md for where it comes from), each capability
 * a section; today: sentence embeddings shrunk by every sketch.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { backendInfo } from '../backend/select';
import { openNpy } from '../io/files';
import { Matrix } from '../matrix';
import { CommandSpec, UsageError } from './args';
import { Context, packageRoot, table, toJSON } from './context';
import { METHODS, METHOD_NOTES, Method, makeSketch } from './methods';
import { distortion, nearestNeighbours, pairwiseDistances, recallAtK } from './metrics';
import { Progress, formatCount } from './progress';
import { fastest, pcaSection, structuredSection } from './demo-sections';

export const DEMO: CommandSpec = {
  name: 'demo',
  summary: 'shrink real sentence embeddings with each sketch: distance distortion, neighbour recall, speed',
  usage: 'sketchmat demo [--dims 32,64,128] [--methods gaussian,srht,...] [--seed N] [--data FILE.npy] [--json]',
  flags: {
    dims: { kind: 'list', value: 'K,K,...', help: 'target dimensions', default: ['32', '64', '128'] },
    methods: { kind: 'list', value: 'NAME,...', choices: METHODS, help: 'sketches to compare', default: [...METHODS] },
    seed: { kind: 'int', value: 'N', min: 0, max: 2 ** 53 - 1, help: 'seed of every sketch', default: 42 },
    data: { kind: 'string', value: 'FILE.npy', help: 'another embedding matrix (rows are vectors) instead of the shipped MiniLM one' },
    'max-rows': { kind: 'int', value: 'N', min: 2, max: 20000, help: 'use at most the first N rows (all pairs are compared: N² memory)', default: 2000 },
  },
  details: `
Data: 778 sentence embeddings (all-MiniLM-L6-v2, 384-d, unit norm) of documentation
passages, from npm @sap-ux/fiori-docs-embeddings@1.2.6 (Apache-2.0); see data/README.md.
For each sketch and target dimension k: the median, 95th percentile and max over all
pairs of |projected distance / original distance − 1|, the recall@10 of nearest
neighbours found in the projection, and the time of one project() call of all rows
(the fastest of several).`,
};

/** The shipped data: data/ in the package (copied there by the build). */
export const DEMO_FILE = 'minilm_778x384.npy';

export function demoDataPath(): string {
  const shipped = join(packageRoot(), 'data', DEMO_FILE);
  if (existsSync(shipped)) return shipped;
  // A checkout that was not built yet, with the shared data beside it.
  const beside = join(packageRoot(), '..', 'shared', 'data', 'embeddings', DEMO_FILE);
  if (existsSync(beside)) return beside;
  throw new UsageError(`demo: the demo data ${shipped} is missing (run \`npm run build\`, which copies it from ../shared/data, or pass --data FILE.npy)`);
}

/** One section of the demo: runs, then says what it found as text and as JSON. */
type SectionResult = import('./demo-sections').SectionResult;

interface EmbeddingRow {
  method: Method;
  k: number;
  distortion: { median: number; p95: number; max: number; bias: number };
  recallAt10: number;
  secondsPerCall: number;
  rowsPerSecond: number;
}

function timeProject(run: () => Matrix): number {
  return fastest(run, 20);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
}

function embeddingsSection(ctx: Context, X: Matrix, source: string): SectionResult {
  const dims = (ctx.flags.dims as string[]).map((s) => {
    const k = Number(s);
    if (!Number.isInteger(k) || k < 1) throw new UsageError(`demo: --dims expects positive integers, got ${JSON.stringify(s)}`);
    return k;
  });
  const methods = ctx.flags.methods as Method[];
  const seed = ctx.flags.seed as number;
  const n = X.rows;
  const progress = new Progress('demo', { unit: 'cases', total: dims.length * methods.length, enabled: ctx.progress, stream: ctx.progressStream });
  const t0 = performance.now();
  const D = pairwiseDistances(X);
  const truth = nearestNeighbours(D, n, 10);
  const exactSeconds = (performance.now() - t0) / 1000;
  const rows: EmbeddingRow[] = [];
  const skipped: { method: Method; k: number; reason: string }[] = [];
  for (const k of dims) {
    for (const method of methods) {
      progress.stage(`${method} k=${k}`);
      let S;
      try {
        S = makeSketch(method, k, X.cols, seed);
      } catch (e) {
        skipped.push({ method, k, reason: (e as Error).message });
        progress.add(1);
        continue;
      }
      const seconds = timeProject(() => S.project(X));
      const Y = S.project(X);
      const Dp = pairwiseDistances(Y);
      const d = distortion(D, Dp, n);
      rows.push({
        method, k, distortion: { median: d.median, p95: d.p95, max: d.max, bias: d.bias },
        recallAt10: recallAtK(truth, nearestNeighbours(Dp, n, 10), n), secondsPerCall: seconds, rowsPerSecond: n / seconds,
      });
      progress.add(1);
    }
  }
  progress.end();

  const lines: string[] = [];
  lines.push(`Sentence embeddings: ${n} × ${X.cols} ${X.dtype} (${source}), all ${formatCount((n * (n - 1)) / 2)} pairs compared`);
  lines.push('');
  lines.push(
    table(
      ['k', 'sketch', 'median err', 'p95 err', 'max err', 'recall@10', 'ms/call', 'rows/s'],
      rows.map((r) => [r.k, r.method, pct(r.distortion.median), pct(r.distortion.p95), pct(r.distortion.max), r.recallAt10.toFixed(2),
        (r.secondsPerCall * 1e3).toFixed(3), formatCount(r.rowsPerSecond)]),
    ).trimEnd(),
  );
  for (const s of skipped) lines.push(`  (${s.method} k=${s.k} skipped: ${s.reason})`);
  lines.push('');
  // What the table says, computed rather than asserted.
  for (const k of dims) {
    const at = rows.filter((r) => r.k === k);
    if (at.length === 0) continue;
    const best = at.reduce((a, b) => (b.distortion.median < a.distortion.median ? b : a));
    const fastest = at.reduce((a, b) => (b.secondsPerCall < a.secondsPerCall ? b : a));
    const theory = 0.6745 / Math.sqrt(2 * k);
    lines.push(
      `k=${k}: median error ${pct(Math.min(...at.map((r) => r.distortion.median)))}–${pct(Math.max(...at.map((r) => r.distortion.median)))} ` +
        `(Gaussian theory ≈ ${pct(theory)}), recall@10 ${Math.min(...at.map((r) => r.recallAt10)).toFixed(2)}–${Math.max(...at.map((r) => r.recallAt10)).toFixed(2)}; ` +
        `least distortion: ${best.method}; fastest: ${fastest.method} (${formatCount(fastest.rowsPerSecond)} rows/s)`,
    );
  }
  lines.push(`All of them keep distances to about 0.67/√(2k) at the median, as Johnson–Lindenstrauss predicts; they differ in speed and in the tail.`);
  if (methods.includes('srht')) {
    let n2 = 1;
    while (n2 < X.cols) n2 *= 2;
    lines.push(`SRHT samples k of the ${n2} Hadamard rows without replacement, which shrinks its error by about √(1 − k/${n2}) (${Math.sqrt(Math.max(0, 1 - Math.max(...dims) / n2)).toFixed(2)} at k=${Math.max(...dims)}).`);
  }
  const bestRecall = Math.max(...rows.map((r) => r.recallAt10));
  if (bestRecall < 0.9) {
    lines.push(`Recall@10 stays at or below ${bestRecall.toFixed(2)}: for search, shrink less, or fetch more candidates in the sketch and re-rank them with the full vectors.`);
  }
  lines.push(`Differences of a few tenths of a percent between sketches change with --seed. Exact distances and neighbours of the original: ${(exactSeconds * 1e3).toFixed(0)} ms.`);
  return {
    text: lines.join('\n'),
    json: {
      data: { source, rows: n, cols: X.cols, dtype: X.dtype, pairs: (n * (n - 1)) / 2 },
      seed, dims, methods: methods.map((m) => ({ name: m, note: METHOD_NOTES[m] })), results: rows, skipped,
    },
  };
}

// ---------------------------------------------------------------- sections
// The demo grows with each capability (issue 20): each section returns
// { text, json } and its JSON goes under `sections.<name>`. After the
// embeddings: pca (the digits, beside the exact SVD) and structured (a real
// weight matrix fitted onto each structure), in demo-sections.ts.
const SECTION_FILES = { pca: 'sk_digits_1797x64.npy', structured: 'use_lite_attn_out_512x512.npy' } as const;

/** A shipped data file of a later section, or undefined when the package was built without it. */
function sectionData(name: string): string | undefined {
  const f = join(packageRoot(), 'data', name);
  return existsSync(f) ? f : undefined;
}

export function runDemo(ctx: Context): number {
  const start = performance.now();
  const file = (ctx.flags.data as string | undefined) ?? demoDataPath();
  // Only the rows used are read: --data may name a file larger than memory.
  const f = openNpy(file);
  let X: Matrix;
  try {
    X = f.readRows(0, Math.min(f.rows, ctx.flags['max-rows'] as number));
  } finally {
    f.close();
  }
  if (X.rows < 2 || X.cols < 1) throw new UsageError(`demo: ${file} has ${X.rows} × ${X.cols} entries; the demo needs at least 2 rows`);
  const source = ctx.flags.data ? String(ctx.flags.data) : 'all-MiniLM-L6-v2 via npm @sap-ux/fiori-docs-embeddings@1.2.6, Apache-2.0';
  const info = backendInfo();
  const sections: Record<string, SectionResult> = { embeddings: embeddingsSection(ctx, X, source) };
  const digits = sectionData(SECTION_FILES.pca), weights = sectionData(SECTION_FILES.structured);
  if (digits) sections.pca = pcaSection(digits);
  if (weights) sections.structured = structuredSection(weights);
  const seconds = (performance.now() - start) / 1000;
  const backend = { name: info.name, simd: info.simd, threads: info.threads };
  if (ctx.json) {
    ctx.out(toJSON({ backend, seconds, sections: Object.fromEntries(Object.entries(sections).map(([k, s]) => [k, s.json])) }));
    return 0;
  }
  ctx.out(`sketchmat demo — backend ${info.name} (${info.simd}, ${info.threads} thread${info.threads === 1 ? '' : 's'})\n\n`);
  for (const s of Object.values(sections)) ctx.out(s.text + '\n\n');
  ctx.out(`Done in ${seconds.toFixed(1)} s. More: sketchmat project --help, sketchmat info, sketchmat demo --json.\n`);
  return 0;
}
