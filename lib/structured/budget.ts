/**
 * structured.fitBudget(W, { params } | { flops }): fit W onto every
 * structure at the largest size the budget allows and keep the most accurate
 * one that stays within it. The budget is absolute: `params` numbers stored,
 * or `flops` = op.flops(1) (one sample through `linear`). Every attempt is
 * reported in `tried`, so the choice can be checked (and another taken).
 */
import { describe } from '../dtype';
import { ValueError, isSketchmatError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { checkOptions } from '../validate';
import type { FitKind, FitOptions } from './fit';
import { KINDS, fit, relativeError } from './fit';
import { LowRankOp, dense } from './basic';
import { fitBlast } from './fit-blast';
import { fitCur } from './fit-cur';
import { svd } from '../linalg/svd';
import type { SvdResult } from '../linalg/svd';
import { rsvd } from '../linalg/rsvd';
import { newArray } from '../dtype';
import type { LinearOperator } from './operator';

export interface Budget {
  /** At most this many stored numbers (op.params). */
  params?: number;
  /** At most this many flops per sample (op.flops(1)). */
  flops?: number;
}

export interface BudgetAttempt {
  kind: FitKind | 'dense';
  opts: FitOptions;
  /** ‖W − Â‖_F / ‖W‖_F (NaN when the fit failed). */
  relError: number;
  params: number;
  flops: number;
  /** True when the fit ran and its cost is within the budget. */
  ok: boolean;
  /** Why the fit failed, when it did. */
  error?: string;
}

export interface BudgetResult {
  op: LinearOperator;
  kind: FitKind | 'dense';
  relError: number;
  /** op.params / (out·in). */
  paramRatio: number;
  /** Every structure tried, in the order tried. */
  tried: BudgetAttempt[];
}

interface Candidate { kind: FitKind | 'dense'; opts: FitOptions }

/** Above this size, exact SVDs (lowRank 'svd', Kronecker's rearrangement) are skipped or randomized. */
const EXACT_SVD_LIMIT = 1024;

/**
 * Fits W onto each structure within the budget and returns the lowest-error one.
 * @throws ValueError for a bad budget (give exactly one of params, flops: a number ≥ 0), a W with NaN or ±Inf entries,
 *   or when nothing tried fits within it (the message names the cheapest attempt).
 * @example
 * const { op, kind, relError, tried } = structured.fitBudget(W, { params: 0.25 * W.rows * W.cols });
 */
export function fitBudget(W: Matrix, budget: Budget): BudgetResult {
  return fitBudgetTelling(W, budget);
}

/**
 * fitBudget, telling `onTry` which structure it fits next (index of count)
 * before each fit: the CLI's progress line. Not public: the fits hold the
 * event loop, so only a synchronous writer (a terminal) could show it. @internal
 */
export function fitBudgetTelling(W: Matrix, budget: Budget, onTry?: (c: { kind: FitKind | 'dense'; opts: FitOptions }, index: number, count: number) => void): BudgetResult {
  const what = 'structured.fitBudget';
  const o = checkOptions<Budget>(budget, what, ['params', 'flops']);
  if ((o.params === undefined) === (o.flops === undefined)) {
    throw new ValueError(`${what}: give exactly one of { params } or { flops }, got ${describe(budget)}`);
  }
  const byFlops = o.flops !== undefined;
  const limit = byFlops ? o.flops : o.params;
  if (typeof limit !== 'number' || !(limit >= 0) || limit === Infinity) {
    throw new ValueError(`${what}: ${byFlops ? 'flops' : 'params'} must be a finite number ≥ 0, got ${describe(limit)}`);
  }
  const w = checkMatrix(W, `${what}: W`).clone();
  // Every error would be NaN: nothing could be compared.
  for (let i = 0; i < w.rows * w.cols; i++) {
    if (!Number.isFinite(w.data[i])) throw new ValueError(`${what}: W has NaN or ±Inf entries (at row ${Math.floor(i / w.cols)}, column ${i % w.cols}); no fit's error can be measured`);
  }
  const cost = (op: LinearOperator) => (byFlops ? op.flops(1) : op.params);
  // Every structure here does ~2 flops per stored number, so one "numbers" budget sizes the candidates;
  // the real cost of each fitted operator is what decides `ok`.
  const numbers = byFlops ? limit / 2 : limit;
  const tried: BudgetAttempt[] = [];
  let best: { op: LinearOperator; attempt: BudgetAttempt } | undefined;
  const list = candidates(w.rows, w.cols, numbers);
  // One SVD serves low rank, BLAST's start and CUR's leverage (each would take its own through fit).
  let shared: SvdResult | undefined;
  const svdOfW = (): SvdResult => {
    if (!shared) {
      const need = Math.max(1, ...list.map((c) => (c.kind === 'lowRank' || c.kind === 'blast' || c.kind === 'cur' ? c.opts.rank ?? 0 : 0)));
      shared = Math.min(w.rows, w.cols) <= EXACT_SVD_LIMIT ? svd(w) : rsvd(w, need, { seed: 0 });
    }
    return shared;
  };
  for (const [index, c] of list.entries()) {
    onTry?.(c, index, list.length);
    const attempt: BudgetAttempt = { kind: c.kind, opts: c.opts, relError: NaN, params: NaN, flops: NaN, ok: false };
    let op: LinearOperator | undefined;
    try {
      if (c.kind === 'dense') {
        op = dense(w);
        attempt.relError = 0;
      } else if (c.kind === 'lowRank' || c.kind === 'blast' || c.kind === 'cur') {
        const f = svdOfW();
        const label = `${what}(${c.kind})`;
        op = c.kind === 'lowRank' ? lowRankFrom(w, f, c.opts.rank ?? 0) : c.kind === 'blast' ? fitBlast(w, c.opts, label, f) : fitCur(w, c.opts, label, f);
        attempt.relError = relativeError(w, op.toDense());
      } else {
        const r = fit(w, c.kind, c.opts);
        op = r.op;
        attempt.relError = r.relError;
      }
      attempt.params = op.params;
      attempt.flops = op.flops(1);
      attempt.ok = cost(op) <= limit && Number.isFinite(attempt.relError);
    } catch (e) {
      if (!isSketchmatError(e)) throw e;
      attempt.error = (e as Error).message;
    }
    tried.push(attempt);
    if (op && attempt.ok && (!best || attempt.relError < best.attempt.relError)) best = { op, attempt };
  }
  if (!best) {
    const costs = tried.filter((t) => !t.error).map((t) => (byFlops ? t.flops : t.params));
    const cheapest = costs.length ? Math.min(...costs) : NaN;
    throw new ValueError(`${what}: nothing tried fits within ${byFlops ? 'flops' : 'params'} = ${limit} for a ${w.rows}×${w.cols} W (the cheapest structure tried needs ${cheapest})`);
  }
  const size = w.rows * w.cols;
  return { op: best.op, kind: best.attempt.kind, relError: best.attempt.relError, paramRatio: size === 0 ? 0 : best.op.params / size, tried };
}

/** U·diag(√s), V·diag(√s) from the first r triplets of W's SVD (as fit(W, 'lowRank') builds it). */
function lowRankFrom(W: Matrix, f: SvdResult, r: number): LinearOperator {
  const m = W.rows, n = W.cols, k = f.U.cols;
  const U = newArray(W.dtype, m * r), V = newArray(W.dtype, n * r);
  for (let j = 0; j < r; j++) {
    const g = Math.sqrt(f.s[j]);
    for (let i = 0; i < m; i++) U[i * r + j] = f.U.data[i * k + j] * g;
    for (let i = 0; i < n; i++) V[i * r + j] = f.Vt.data[j * n + i] * g;
  }
  return new LowRankOp(new Matrix(m, r, U), new Matrix(n, r, V));
}

/** Divisors of x in increasing order. */
function divisors(x: number): number[] {
  const lo: number[] = [], hi: number[] = [];
  for (let d = 1; d * d <= x; d++) {
    if (x % d === 0) {
      lo.push(d);
      if (d * d !== x) hi.unshift(x / d);
    }
  }
  return lo.concat(hi);
}

/** The divisor of x nearest √x (the smaller on a tie). */
function balancedDivisor(x: number): number {
  let best = 1;
  for (const d of divisors(x)) if (Math.abs(d - Math.sqrt(x)) < Math.abs(best - Math.sqrt(x))) best = d;
  return best;
}

/** The structures to try for an m × n W with about `P` numbers to spend, each at its largest size within P. */
function candidates(m: number, n: number, P: number): Candidate[] {
  const out: Candidate[] = [];
  const N = Math.min(m, n);
  if (m * n <= P) out.push({ kind: 'dense', opts: {} });
  // Low rank: r·(m + n) numbers.
  const r = Math.min(N, Math.floor(P / (m + n)));
  if (r >= 1) out.push({ kind: 'lowRank', opts: N <= EXACT_SVD_LIMIT ? { rank: r } : { rank: r, method: 'rsvd', seed: 0 } });
  // Monarch with k = t blocks: k·(m + n) numbers; the two largest block counts that divide both sizes.
  const common = divisors(m).filter((d) => d >= 2 && n % d === 0 && d * (m + n) <= P);
  for (const d of common.slice(-2).reverse()) out.push({ kind: 'monarch', opts: { blocks: d } });
  // BLAST with b × b blocks: rank·(m + n + b²) numbers.
  for (const b of [2, 4, 8, 16]) {
    if (m % b !== 0 || n % b !== 0) continue;
    const rb = Math.min(N, Math.floor(P / (m + n + b * b)));
    if (rb >= 1) out.push({ kind: 'blast', opts: { blocks: b, rank: rb, seed: 0 } });
  }
  // Kronecker with balanced factors: rank·(m1·n1 + m2·n2) numbers (the rearrangement's SVD must be small).
  const m1 = balancedDivisor(m), n1 = balancedDivisor(n), m2 = m / m1, n2 = n / n1;
  if (m1 * n1 > 1 && m2 * n2 > 1 && Math.min(m1 * n1, m2 * n2) <= EXACT_SVD_LIMIT) {
    const rk = Math.min(m1 * n1, m2 * n2, Math.floor(P / (m1 * n1 + m2 * n2)));
    if (rk >= 1) out.push({ kind: 'kronecker', opts: { shapes: [[m1, n1], [m2, n2]], rank: rk } });
  }
  // 2:4 keeps half the entries.
  if (n % 4 === 0 && (m * n) / 2 <= P) out.push({ kind: 'nm', opts: { n: 2, m: 4 } });
  if (m + n - 1 <= P && m > 0 && n > 0) out.push({ kind: 'toeplitz', opts: {} });
  if (m === n && n <= P && n > 0) out.push({ kind: 'circulant', opts: {} });
  // CUR with k columns and rows: k·(m + n) + k² numbers.
  const kc = Math.min(N, Math.floor((-(m + n) + Math.sqrt((m + n) ** 2 + 4 * P)) / 2));
  if (kc >= 1) out.push({ kind: 'cur', opts: { rank: kc } });
  // Block sparse, where structured.fit has it: the largest of 32/16/8/4 dividing both sizes, at the density the budget allows.
  if ((KINDS as readonly string[]).includes('blockSparse')) {
    const bs = [32, 16, 8, 4].find((s) => m % s === 0 && n % s === 0);
    const density = Math.min(1, P / (m * n));
    if (bs !== undefined && density > 0) out.push({ kind: 'blockSparse' as FitKind, opts: { blockSize: bs, density } as unknown as FitOptions });
  }
  return out;
}
