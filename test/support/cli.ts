/**
 * The `sketchmat` CLI run as a user runs it: a child process. The CLI is
 * bundled from this tree's sources into test-dist/ (as test/support/child.ts
 * does for the library), so a test never runs a stale dist/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

export const root = join(__dirname, '..', '..');

/** A file of the shipped demo data, or its source in ../shared/data when this checkout was not built. */
export function dataFile(shipped: string, shared: string): string {
  for (const p of [join(root, 'data', shipped), join(root, '..', 'shared', 'data', shared), join('/work/shared/data', shared)]) if (existsSync(p)) return p;
  return join(root, 'data', shipped);
}

/**
 * Half a unit in the 6th significant digit of x: how far --json's rounding
 * (6 significant digits, docs/CLI.md) may move a value, with room for the
 * rounding of this bound itself.
 */
export const sixthDigit = (x: number): number => 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(x))) - 5) * (1 + 1e-9);

export interface Run { status: number | null; stdout: string; stderr: string }

/** Bundles the CLI before the file's tests and gives a temporary working folder; both go after. */
export function useCli(): { run(args: string[], env?: Record<string, string>): Run; dir(): string } {
  let cli = '';
  let dir = '';
  beforeAll(() => {
    cli = join(root, 'test-dist', `cli-${process.pid}-${Math.random().toString(36).slice(2, 8)}.js`);
    buildSync({ entryPoints: [join(root, 'lib', 'cli', 'cli.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node18', outfile: cli, logLevel: 'silent' });
    dir = mkdtempSync(join(tmpdir(), 'sketchmat-cli-'));
  });
  afterAll(() => {
    rmSync(cli, { force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    run(args, env = {}) {
      const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60000, env: { ...process.env, ...env } });
      return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
    dir: () => dir,
  };
}

/** Exit code 2 and exactly one line on stderr, which matches `message`. */
export function expectUsageError(r: Run, message: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}
