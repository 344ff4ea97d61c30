/**
 * Fuzzing worker teardown (issue 16): fast-check draws schedules of async
 * calls (which entry, how large, how many, how many aborted) and of how the
 * worker ends (terminate from outside after a random delay, or
 * process.exit() inside), and one child process per backend runs them all.
 * Whatever the schedule, the process must survive every teardown and exit 0.
 */
import fc from 'fast-check';
import { runChild } from '../support/child';
import { testBackends } from '../support/backends';

const RUNS = Math.max(8, Math.min(40, Number(process.env.FUZZ_RUNS ?? 40) >> 2));

const schedule = fc.record({
  // projectAsync* call one operator p.calls times: from the second call on the
  // kernels keep its S (sketch_memo.h), so workers end while it is stored or pinned.
  op: fc.constantFrom('matmulAsync', 'projectAsync', 'projectAsyncCsr', 'projectAsyncGaussian'),
  size: fc.integer({ min: 1, max: 320 }),
  calls: fc.integer({ min: 1, max: 8 }),
  aborted: fc.nat(8),
  end: fc.constantFrom('terminate', 'exit'),
  delayMs: fc.integer({ min: 0, max: 15 }),
});

const backendNames = () => [...new Set(testBackends().map((t) => t.backend.name))];

test('workers ended at random points of random async work never take the process down', () => {
  const plans = fc.sample(schedule, { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 16) });
  for (const name of backendNames()) {
    const r = runChild(`
      const { Worker } = require('worker_threads');
      const plans = ${JSON.stringify(plans)};
      const body = (p) => \`
        const s = require(\${JSON.stringify(LIB)});
        const p = \${JSON.stringify(p)};
        const A = s.random.gaussian(p.size, p.size, { seed: 1 });
        const S = p.op === 'projectAsyncGaussian' ? s.sketch.gaussian({ k: 16, n: p.size, seed: 1 }) : s.sketch.sparseSign({ k: 16, n: p.size, nnz: Math.min(4, 16), seed: 1 });
        const X = p.op === 'projectAsyncCsr' ? s.CsrMatrix.fromDense(A) : A;
        const ac = new AbortController();
        for (let i = 0; i < p.calls; i++) {
          const signal = i < p.aborted ? ac.signal : undefined;
          (p.op === 'matmulAsync' ? s.matmulAsync(A, A, { signal }) : S.projectAsync(X, { signal })).catch(() => {});
        }
        if (p.aborted) ac.abort();
        if (p.end === 'exit') setTimeout(() => process.exit(0), p.delayMs);
        else require('worker_threads').parentPort.postMessage('started');\`;
      let i = 0;
      const next = () => {
        if (i === plans.length) return console.log('done ' + i);
        const p = plans[i++];
        const w = new Worker(body(p), { eval: true });
        w.on('message', () => setTimeout(() => w.terminate(), p.delayMs));
        w.on('error', (e) => console.log('worker error ' + e.message));
        w.on('exit', next);
      };
      next();
    `, { env: { SKETCHMAT_BACKEND: name }, timeoutMs: 120_000 });
    expect({ name, timedOut: r.timedOut, signal: r.signal, status: r.status, stderr: r.stderr })
      .toEqual({ name, timedOut: false, signal: null, status: 0, stderr: '' });
    expect(r.stdout.trim()).toBe(`done ${plans.length}`);
  }
});
