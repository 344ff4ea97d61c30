/**
 * The install tells the truth (issue 20): no install script (so npm neither
 * runs a build that can fail silently nor warns about one), and when the
 * addon is missing or does not load, one readable line says why — in
 * backendInfo().unavailable.native — while WebAssembly runs.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { BackendError } from '../lib/api';
import { findAddon } from '../lib/backend/find-addon';
import { runChild } from './support/child';

const root = join(__dirname, '..');
const target = `${process.platform}-${process.arch}`;

test('package.json runs nothing at install time', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const s of ['preinstall', 'install', 'postinstall']) expect(pkg.scripts?.[s]).toBeUndefined();
  expect(pkg.gypfile).toBe(false); // else npm runs `node-gyp rebuild` for a package with binding.gyp
});

describe('findAddon', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'skm-addon-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const reason = (env: Record<string, string> = {}) => {
    try {
      findAddon(dir, env, require);
    } catch (e) {
      expect(e).toBeInstanceOf(BackendError);
      return (e as Error).message;
    }
    return 'loaded';
  };

  test('no addon: one line naming the platform, what was looked for and where to read more', () => {
    const m = reason();
    expect(m).toBe(`native: this package has no addon for ${target} (no prebuilds/${target}/*.node, no build/Release/sketchmat.node); running on WebAssembly (to build one: docs/INSTALL.md)`);
  });

  test('an addon that does not load: the file and the loader\'s first line', () => {
    mkdirSync(join(dir, 'prebuilds', target), { recursive: true });
    writeFileSync(join(dir, 'prebuilds', target, 'sketchmat.node'), 'not an ELF file');
    const m = reason();
    expect(m).toMatch(new RegExp(`^native: prebuilds/${target}/sketchmat.node does not load here: .+`));
    expect(m).not.toMatch(/\n/);
  });

  test('a prebuild for the other libc is not tried; SKETCHMAT_SKIP_NATIVE and SKETCHMAT_ADDON_PATH are honoured', () => {
    mkdirSync(join(dir, 'prebuilds', target), { recursive: true });
    writeFileSync(join(dir, 'prebuilds', target, 'sketchmat.musl.node'), 'x');
    if (process.platform === 'linux') expect(reason()).toMatch(/has no addon/);
    expect(reason({ SKETCHMAT_SKIP_NATIVE: '1' })).toBe('native: SKETCHMAT_SKIP_NATIVE is set');
    expect(reason({ SKETCHMAT_ADDON_PATH: join(dir, 'missing.node') })).toMatch(/^native: SKETCHMAT_ADDON_PATH=.*missing\.node does not load: /);
  });
});

test('SKETCHMAT_SKIP_NATIVE works at run time and the reason is in backendInfo()', () => {
  const r = runChild(`const s = require(LIB); console.log(JSON.stringify(s.backendInfo()));`, { env: { SKETCHMAT_SKIP_NATIVE: '1', SKETCHMAT_BACKEND: '' } });
  expect(r.status).toBe(0);
  const info = JSON.parse(r.stdout);
  expect(info.name).toMatch(/^wasm/);
  expect(info.unavailable.native).toBe('SKETCHMAT_SKIP_NATIVE is set');
});

test('wasmUrl: relative paths resolve against the working directory; a missing file names the path tried', () => {
  const r = runChild(`
    const s = require(LIB);
    (async () => {
      const ok = await s.ready({ backend: 'wasm', wasmUrl: 'wasm/dist' });
      const bad = await s.ready({ backend: 'wasm', wasmUrl: 'no/such/dir/' }).catch((e) => e.name + ': ' + e.message);
      console.log(JSON.stringify([ok.name, bad]));
    })();
  `);
  expect(r.status).toBe(0);
  const [name, bad] = JSON.parse(r.stdout);
  expect(name).toBe('wasm');
  expect(bad).toMatch(/^BackendError: .*could not read .*no\/such\/dir\/sketchmat-scalar\.wasm/);
});

test('the Node entry bundles as ESM (no dynamic require of Node built-ins)', () => {
  const outfile = join(root, 'test-dist', `esm-bundle-${process.pid}.mjs`);
  buildSync({
    entryPoints: [join(root, 'lib', 'index.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent',
    // what tsup's shims give dist/index.mjs: __dirname and __filename from import.meta.url
    banner: { js: "import { fileURLToPath as __f } from 'node:url'; import { dirname as __d } from 'node:path'; const __filename = __f(import.meta.url); const __dirname = __d(__filename);" },
  });
  const r = runChild(`
    import(${JSON.stringify(outfile)}).then((s) => {
      const A = new s.Matrix(1, 1, new Float64Array([2]));
      console.log(s.backendInfo().name + ' ' + s.matmul(A, A).data[0]);
    }, (e) => console.log('FAILED ' + e.message));
  `);
  rmSync(outfile, { force: true });
  expect(r.stdout.trim()).toMatch(/^(native|wasm-simd|wasm) 4$/);
});

test('one copy of the library per process: a Matrix from require() is a Matrix to import(), and names are not mangled', () => {
  const r = runChild(`
    const cjs = require(${JSON.stringify(join(root, 'dist', 'index.cjs'))});
    import(${JSON.stringify(join(root, 'dist', 'index.mjs'))}).then((esm) => {
      const A = new cjs.Matrix(1, 1, new Float64Array([2]));
      const same = esm.Matrix === cjs.Matrix && A instanceof esm.Matrix;
      const product = esm.matmul(A, new esm.Matrix(1, 1, new Float64Array([3]))).data[0];
      let message = '';
      try { esm.sketch.gaussian({ k: 1, n: 1, seed: 1 }).project(esm.CsrMatrix.fromDense(A).toDense(), { out: new esm.CsrMatrix(1, 1, new Int32Array([0, 0]), new Int32Array(0), new Float64Array(0)) }); } catch (e) { message = e.message; }
      console.log(JSON.stringify({ same, product, message, name: esm.Matrix.name }));
    });
  `);
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout);
  expect(out).toMatchObject({ same: true, product: 6, name: 'Matrix' });
  expect(out.message).not.toMatch(/_Matrix|_CsrMatrix/);
});
