/**
 * Tests that may crash or hang the process they run in (worker termination
 * mid-call, racing writers) run their script in a child Node process with a
 * timeout. The child loads lib/ bundled from the sources (so it tests this
 * tree, not a stale dist/) into `test-dist/`, one level below the package
 * root, where lib/index.ts finds the addon and the .wasm files as dist/ does.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const root = join(__dirname, '..', '..');
let bundled: string | undefined;

/** The path of a CommonJS bundle of lib/index.ts, built once per test file. */
export function libBundle(): string {
  if (bundled) return bundled;
  const outfile = join(root, 'test-dist', `index-${process.pid}.cjs`);
  buildSync({
    entryPoints: [join(root, 'lib', 'index.ts')], bundle: true, platform: 'node', format: 'cjs',
    target: 'node18', outfile, logLevel: 'silent',
  });
  return (bundled = outfile);
}

export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs `script` (CommonJS; `LIB` is the path of the bundle, `require(LIB)`
 * gives the library) in a fresh Node process.
 */
export function runChild(script: string, options: { timeoutMs?: number; env?: Record<string, string> } = {}): ChildResult {
  const source = `const LIB = ${JSON.stringify(libBundle())};\n${script}`;
  const r = spawnSync(process.execPath, ['-e', source], {
    cwd: root, encoding: 'utf8', timeout: options.timeoutMs ?? 30000,
    env: { ...process.env, ...options.env },
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut };
}
