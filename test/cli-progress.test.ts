/**
 * The progress line of `svd`, `pca`, `lstsq` and `compress`, run in this
 * process through main() with a fake terminal as the progress stream (a
 * child's stderr is a pipe, where the line is off by design). Date.now is
 * stepped 300 ms per call, so the line's one-second delay passes without
 * waiting: the test reads what was drawn, never how long anything took.
 * The line names the stage and the step count, is cleared at the end, and
 * changes nothing on stdout; under --json nothing is drawn.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, random } from '../lib/index';
import { main } from '../lib/cli/main';
import { Progress } from '../lib/cli/progress';
import { dataFile } from './support/cli';

const DIGITS = dataFile('sk_digits_1797x64.npy', 'sk_digits_1797x64.npy');
let dir = '';
const file = (name: string) => join(dir, name);

/** A stream that says it is a terminal and keeps what is written to it. */
function fakeTerminal(isTTY = true, columns = 200): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY, columns, write: (s: string) => (chunks.push(String(s)), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

interface Ran { code: number; stdout: string; stderr: string; line: string }

async function runCli(args: string[], isTTY = true, columns = 200): Promise<Ran> {
  const out: string[] = [], err: string[] = [];
  const tty = fakeTerminal(isTTY, columns);
  const code = await main(args, (s) => out.push(s), (s) => err.push(s), tty.stream);
  return { code, stdout: out.join(''), stderr: err.join(''), line: tty.text() };
}

/** stdout with the timings masked (they differ between any two runs), and the spaces that pad them. */
const untimed = (s: string) => s.replace(/\d+\.\d+ (s|ms)\b|\d+\.\d+×/g, 'T').replace(/ +/g, ' ');

let clock = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sketchmat-progress-'));
  io.writeNpy(file('A.npy'), random.gaussian(600, 20, { seed: 1 }));
  io.writeNpy(file('b.npy'), random.gaussian(600, 1, { seed: 2 }));
  io.writeNpy(file('W.npy'), random.gaussian(48, 48, { seed: 3 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  clock = 0;
  jest.spyOn(Date, 'now').mockImplementation(() => (clock += 300));
});
afterEach(() => jest.restoreAllMocks());

/** Drawn lines start with a carriage return; the last write clears the line. */
function drawn(r: Ran): string[] {
  expect(r.line.endsWith('\r\x1b[2K')).toBe(true);
  return r.line.split('\r').filter((l) => l !== '' && l !== '\x1b[2K').map((l) => l.trimEnd());
}

describe.each([
  ['svd', ['svd', DIGITS, '-k', '5', '--power-iters', '2'], /^svd power iteration 2\/2 \(A·Z\): \[#+\.*\] \d+% 4\/7 steps, [\d.]+ steps\/s, [\d.]+s, ETA [\d.]+s$/, /^svd small SVD: .* 6\/7 steps/],
  ['pca', ['pca', DIGITS, '-k', '3', '--power-iters', '1'], /^pca project \(Aᵀ·Q\): .* 3\/5 steps/, /^pca small SVD: .* 4\/5 steps, .*ETA/],
  ['lstsq', ['lstsq', 'A.npy', 'b.npy', '--method', 'sketch-precondition'], /^lstsq LSQR iteration 3\/100: .* 4\/103 steps/, /^lstsq residual: .* \d+\/\d+ steps/],
  ['compress --budget', ['compress', 'W.npy', '--budget', '0.5'], /^compress \w+ \{.*\}: \[\.+\] 0% 0\/\d+ structures/, /^compress timing X·Ŵᵀ \(batch 16\): [\d.]+s$/],
] as const)('%s', (_name, args, first, later) => {
  const argv = () => args.map((a) => (a.endsWith('.npy') && !a.includes('/') ? file(a) : a));

  test('draws the stage and the step count on a terminal, clears it, and leaves stdout as without it', async () => {
    const r = await runCli(argv());
    expect(r.code).toBe(0);
    // The first second is silent (the stepped clock passes it after a few steps; compress draws at once).
    const lines = drawn(r);
    for (const line of [first, later]) expect(lines.find((l) => line.test(l))).toBeDefined();
    // Carriage returns and the clear go to the progress stream only.
    expect(r.stdout).not.toMatch(/\r/);
    expect(r.stderr).not.toMatch(/\r/);
    const quiet = await runCli(argv(), false);
    expect(quiet.line).toBe('');
    expect(untimed(r.stdout)).toBe(untimed(quiet.stdout));
  });

  test('--json: nothing drawn', async () => {
    const r = await runCli([...argv(), '--json']);
    expect(r.code).toBe(0);
    expect(r.line).toBe('');
    expect(JSON.parse(r.stdout)).toBeTruthy();
  });
});

test('svd --exact: one kernel call, the stage and the elapsed time', async () => {
  // Its one stage starts at once; a real run draws it from the 250 ms timer once the second has passed.
  jest.spyOn(Date, 'now').mockImplementation(() => (clock += 2000));
  const r = await runCli(['svd', DIGITS, '-k', '3', '--exact']);
  expect(r.code).toBe(0);
  expect(drawn(r)[0]).toMatch(/^svd exact SVD: [\d.]+s$/);
});

test('compress --structure: the fit is named as it starts', async () => {
  const r = await runCli(['compress', file('W.npy'), '--structure', 'lowRank', '--rank', '4']);
  expect(r.code).toBe(0);
  expect(drawn(r)[0]).toMatch(/^compress fitting lowRank: [\d.]+s$/);
});

test('an error after the line was drawn: the line is cleared before the one-line error, exit code 2', async () => {
  const r = await runCli(['compress', file('W.npy'), '--structure', 'monarch', '--blocks', '5']);
  expect(r.code).toBe(2);
  expect(drawn(r)[0]).toMatch(/^compress fitting monarch/);
  expect(r.stderr).toMatch(/^sketchmat compress: --structure monarch: .*\n$/);
  expect(r.stdout).toBe('');
});

test('a narrow terminal: the stage name is shortened, the counts and the ETA stay', async () => {
  const r = await runCli(['svd', DIGITS, '-k', '5', '--power-iters', '3'], true, 80);
  expect(r.code).toBe(0);
  const lines = drawn(r);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(79);
  const steps = lines.filter((l) => / \d+\/9 steps, .*ETA [\d.]+s$/.test(l));
  expect(steps.length).toBeGreaterThan(0);
  expect(steps.some((l) => /^svd power iter.*…: \[/.test(l))).toBe(true);
});

describe('the ETA', () => {
  /** A Progress on a fake terminal, drawn on every update, with a clock the test sets. */
  function line(): { p: Progress; at: (ms: number) => void; last: () => string } {
    let now = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const tty = fakeTerminal();
    const p = new Progress('job', { unit: 'steps', enabled: true, stream: tty.stream, delayMs: 0, redrawMs: 0 });
    return { p, at: (ms) => { now = ms; }, last: () => tty.text().split('\r').filter((l) => l.startsWith('job')).pop()!.trimEnd() };
  }

  test('comes from the steps, not from the setup before the first one', () => {
    // 60 s of setup (reading the input), then one step every 2 s: 10 steps of 20 left take 20 s, not 120.
    const { p, at, last } = line();
    p.total(20);
    at(60000);
    p.at(0, 'step');
    for (let i = 1; i <= 10; i++) {
      at(60000 + 2000 * i);
      p.at(i, 'step');
    }
    expect(last()).toMatch(/10\/20 steps, 0\.50 steps\/s, 1m20s, ETA 20s$/);
  });

  test('follows a rate that changes: the last 20 s or so count', () => {
    // 10 steps at 1 s each, then steps of 4 s: after 10 slow ones the ETA uses the slow rate.
    const { p, at, last } = line();
    p.total(40);
    let t = 0;
    at(t);
    p.at(0, 'step');
    for (let i = 1; i <= 20; i++) {
      t += i <= 10 ? 1000 : 4000;
      at(t);
      p.at(i, 'step');
    }
    expect(last()).toMatch(/20\/40 steps, 0\.25 steps\/s, .*ETA 1m20s$/);
  });

  test('while a step runs longer than the window, the rate falls with the time that passes', () => {
    const { p, at, last } = line();
    p.total(4);
    at(0);
    p.at(0, 'a');
    at(1000);
    p.at(1, 'b');
    at(61000);
    p.tick();
    // One step in 61 s since the first started: 3 left take about 3 min.
    expect(last()).toMatch(/1\/4 steps, 0\.016 steps\/s, .*ETA 3m03s$/);
  });
});
