/**
 * Every TypeScript example in the README and the guides runs as written: each
 * ```ts block is compiled (esbuild) and run as an ES module in a fresh Node
 * process, in an empty temporary folder, with 'sketchmat' resolved to this
 * tree's sources. A block that throws, writes to stderr or uses a name it
 * never defined fails here, not in a user's first minute.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { libBundle } from './support/child';

const root = join(__dirname, '..');
const docs = ['README.md', ...(existsSync(join(root, 'docs', 'guides')) ? readdirSync(join(root, 'docs', 'guides')).filter((f) => f.endsWith('.md')).map((f) => join('docs', 'guides', f)) : [])];

interface Example { file: string; line: number; code: string }

function examples(file: string): Example[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript|js|javascript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && !lines[j].startsWith('```')) j++;
    out.push({ file, line: start + 1, code: lines.slice(start, j).join('\n') });
    i = j;
  }
  return out;
}

const all = docs.flatMap(examples);
// The compiled examples live inside the repository (test-dist/), so their other
// imports (ndarray, ml-matrix: the interop examples) resolve from its
// node_modules; each runs in its own empty temporary folder.
let dir: string;
let cwdRoot: string;
beforeAll(() => {
  dir = mkdtempSync(join(root, 'test-dist', 'readme-'));
  cwdRoot = mkdtempSync(join(tmpdir(), 'sketchmat-readme-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cwdRoot, { recursive: true, force: true });
});

test('the README has examples, each found by this test', () => {
  expect(all.filter((e) => e.file === 'README.md').length).toBeGreaterThanOrEqual(5);
});

test.each(all.map((e) => [`${e.file}:${e.line}`, e] as const))('%s runs as written', (_name, e) => {
  const js = transformSync(e.code, { loader: 'ts', format: 'esm', target: 'node18' }).code
    .replace(/from\s+['"]sketchmat['"]/g, `from ${JSON.stringify(libBundle())}`);
  expect(js).not.toMatch(/from\s+['"]sketchmat\//); // subpath imports would bypass the bundle
  const file = join(dir, `example-${e.line}.mjs`);
  writeFileSync(file, js);
  const cwd = mkdtempSync(join(cwdRoot, 'cwd-'));
  const r = spawnSync(process.execPath, [file], { cwd, encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0 || r.stderr) {
    throw new Error(`${e.file}:${e.line} failed (exit ${r.status}):\n${r.stderr}\n--- stdout ---\n${r.stdout}`);
  }
});
