/** `sketchmat info`: which backend runs, its SIMD level and threads, and why the others did not load. */
import os from 'node:os';
import { BACKEND_NAMES, backendInfo, openBackendSync } from '../backend/select';
import type { CommandSpec } from './args';
import { Context, packageVersion, toJSON } from './context';

export const INFO: CommandSpec = {
  name: 'info',
  summary: 'the backend in use, its SIMD level and threads, the version, and why other backends did not load',
  usage: 'sketchmat info [--json] [--backend NAME]',
  flags: {},
};

export interface InfoResult {
  version: string;
  backend: { name: string; simd: string; threads: number; kernels: string };
  /** Every backend tried on its own: loads, or why not. */
  backends: Record<string, { loads: true; simd: string } | { loads: false; reason: string }>;
  unavailable: Record<string, string>;
  platform: { node: string; os: string; arch: string; cpu: string; cores: number };
  env: Record<string, string>;
}

export function gatherInfo(): InfoResult {
  const info = backendInfo();
  const backends: InfoResult['backends'] = {};
  for (const name of BACKEND_NAMES) {
    if (name === info.name) {
      backends[name] = { loads: true, simd: info.simd };
      continue;
    }
    try {
      const b = openBackendSync(name);
      backends[name] = { loads: true, simd: b.simd() };
    } catch (e) {
      const msg = (e as Error).message;
      backends[name] = { loads: false, reason: msg.startsWith(`${name}: `) ? msg.slice(name.length + 2) : msg };
    }
  }
  const env: Record<string, string> = {};
  for (const k of ['SKETCHMAT_BACKEND', 'SKETCHMAT_THREADS', 'SKETCHMAT_SIMD', 'SKETCHMAT_ADDON_PATH']) {
    if (process.env[k]) env[k] = process.env[k]!;
  }
  return {
    version: packageVersion(),
    backend: { name: info.name, simd: info.simd, threads: info.threads, kernels: info.version },
    backends,
    unavailable: info.unavailable,
    platform: { node: process.version, os: `${os.platform()} ${os.release()}`, arch: os.arch(), cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length },
    env,
  };
}

export function runInfo(ctx: Context): number {
  const r = gatherInfo();
  if (ctx.json) {
    ctx.out(toJSON(r));
    return 0;
  }
  const lines = [
    `sketchmat ${r.version}`,
    `backend:  ${r.backend.name} (${r.backend.simd}, ${r.backend.threads} thread${r.backend.threads === 1 ? '' : 's'}; kernels ${r.backend.kernels})`,
    '',
    'backends:',
    ...Object.entries(r.backends).map(([n, b]) => `  ${n.padEnd(10)}${b.loads ? `loads (${b.simd})${n === r.backend.name ? ', in use' : ''}` : `does not load: ${b.reason}`}`),
    '',
    `platform: Node ${r.platform.node}, ${r.platform.os} ${r.platform.arch}, ${r.platform.cpu} × ${r.platform.cores}`,
    ...(Object.keys(r.env).length ? ['env:      ' + Object.entries(r.env).map(([k, v]) => `${k}=${v}`).join(' ')] : []),
  ];
  ctx.out(lines.join('\n') + '\n');
  return 0;
}
