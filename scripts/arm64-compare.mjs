// Compares two outputs of scripts/arm64-smoke.mjs: the x64 addon's (the
// reference) and the arm64 prebuild's under qemu. Fails unless both ran on
// the native backend (arm64 with NEON), every case is there on both, and
// every number agrees within float tolerance relative to the case's largest
// magnitude (GEMM blocking and FMA differ between targets; the sketches whose
// kernels fix the order of every sum agree exactly, which is reported).
//   node scripts/arm64-compare.mjs x64.json arm64.json
import { readFileSync } from 'node:fs';

const [ref, arm] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
const fail = (msg) => { console.error(`arm64 smoke: FAILED: ${msg}`); process.exit(1); };
const desc = (r) => `${r.arch} ${r.backend.name} ${r.backend.simd} (${JSON.stringify(r.backend.unavailable)})`;
if (ref.backend.name !== 'native') fail(`the reference did not run on the addon: ${desc(ref)}`);
if (arm.arch !== 'arm64' || arm.backend.name !== 'native' || arm.backend.simd !== 'neon') {
  fail(`expected the arm64 prebuild with NEON, got ${desc(arm)}`);
}
console.log(`reference: ${desc(ref)} ${ref.backend.version}; arm64: ${desc(arm)} ${arm.backend.version}, ${arm.backend.threads} threads`);

const names = Object.keys(ref.results);
const missing = names.filter((n) => !(n in arm.results)).concat(Object.keys(arm.results).filter((n) => !(n in ref.results)));
if (missing.length) fail(`cases on one side only: ${missing.join(', ')}`);
let bad = 0, exact = 0;
for (const name of names) {
  const a = ref.results[name], b = arm.results[name];
  if (a.values.length !== b.values.length || a.f32 !== b.f32) { console.log(`${name}: shape or dtype differs`); bad++; continue; }
  const scale = Math.max(1e-300, ...a.values.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < a.values.length; i++) {
    const d = Math.abs(a.values[i] - b.values[i]);
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  const rel = worst / scale, tol = a.f32 ? 1e-4 : 1e-10;
  if (worst === 0) exact++;
  const ok = rel <= tol;
  if (!ok) bad++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (${a.values.length} numbers): max |Δ|/max|x| ${rel.toExponential(1)} (tolerance ${tol})`);
}
if (bad) fail(`${bad} of ${names.length} cases differ`);
console.log(`arm64 smoke: ${names.length} cases agree with x64 (${exact} bit for bit)`);
