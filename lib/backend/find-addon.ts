/**
 * Finds and loads the Node addon (Node only), and when there is none says
 * why in one line — that line is what backendInfo().unavailable.native and
 * `sketchmat info` show.
 *
 * Written here rather than taken from node-gyp-build because a bundler
 * turns that package's dynamic `require('fs')` into a runtime error in ESM
 * bundles, and its "No native build was found for platform=… abi=… uv=…"
 * names neither the files it tried nor why a present one did not load.
 *
 * Order: SKETCHMAT_ADDON_PATH (a `.node` file loaded as it is, or a package
 * directory searched as below), else the package's own build/Release (a
 * local build beats the shipped prebuild), else prebuilds/<platform>-<arch>/.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BackendError } from '../errors';

export type RequireFile = (file: string) => unknown;

/** `prebuilds/<dir>` files in the order to try: libc-tagged builds that do not fit this libc are left out. */
function prebuildFiles(dir: string, libc: 'glibc' | 'musl'): string[] {
  if (!existsSync(dir)) return [];
  const other = libc === 'glibc' ? 'musl' : 'glibc';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.node') && !f.split('.').includes(other))
    .sort((a, b) => Number(b.split('.').includes(libc)) - Number(a.split('.').includes(libc)))
    .map((f) => join(dir, f));
}

function libcOf(): 'glibc' | 'musl' {
  const report = (process as { report?: { getReport(): { header?: { glibcVersionRuntime?: string } } } }).report;
  try {
    return report?.getReport().header?.glibcVersionRuntime ? 'glibc' : process.platform === 'linux' ? 'musl' : 'glibc';
  } catch {
    return 'glibc';
  }
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

/** The addon's exports; BackendError with the one-line reason when there is none that loads. */
export function findAddon(packageRoot: string, env: Record<string, string | undefined>, requireFile: RequireFile): unknown {
  if (env.SKETCHMAT_SKIP_NATIVE) throw new BackendError('native: SKETCHMAT_SKIP_NATIVE is set');
  const override = env.SKETCHMAT_ADDON_PATH;
  if (override && override.endsWith('.node')) {
    try {
      return requireFile(override);
    } catch (e) {
      throw new BackendError(`native: SKETCHMAT_ADDON_PATH=${override} does not load: ${firstLine(e)}`);
    }
  }
  const root = override || packageRoot;
  const target = `${process.platform}-${process.arch}`;
  const candidates = [
    join(root, 'build', 'Release', 'sketchmat.node'),
    ...prebuildFiles(join(root, 'prebuilds', target), libcOf()),
  ].filter((f) => existsSync(f));
  if (candidates.length === 0) {
    const where = override ? `SKETCHMAT_ADDON_PATH=${override}` : 'this package';
    throw new BackendError(
      `native: ${where} has no addon for ${target} (no prebuilds/${target}/*.node, no build/Release/sketchmat.node); ` +
        'running on WebAssembly (to build one: docs/INSTALL.md)',
    );
  }
  const failures: string[] = [];
  for (const file of candidates) {
    try {
      return requireFile(file);
    } catch (e) {
      failures.push(`${relative(root, file)} does not load here: ${firstLine(e)}`);
    }
  }
  throw new BackendError(`native: ${failures.join('; ')}`);
}
