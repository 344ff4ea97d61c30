/**
 * The benchmark JSON (bench/run.mjs) as one self-contained HTML page with
 * inline SVG plots: GEMM GFLOP/s against size per backend, and for every
 * other group of cases (suite, operation, dtype, shape) the time of each
 * backend and baseline as bars; structured fits as error-vs-parameters
 * curves when the JSON has them. No scripts, no external files: it opens
 * from disk and can be attached to an issue.
 */

interface Result {
  suite: string;
  case: string;
  backend: string;
  dtype?: string;
  shape?: number[];
  seconds: number;
  gflops?: number;
  mode?: string;
}

interface Target { issue?: number; name: string; target?: number; value?: number; pass?: boolean; note?: string }

/** Error against parameters of one structure fitted to one matrix (bench/structured-curve.mjs). */
export interface Curve {
  matrix: string;
  structure: string;
  points: { paramRatio: number; relError: number; label?: string }[];
}

export interface BenchJSON {
  header?: Record<string, unknown>;
  results?: Result[];
  curves?: Curve[];
  skipped?: { suite?: string; case?: string; backend?: string; reason?: string }[];
  targets?: Target[];
}

/** Numbers to 4 significant digits (targets carry ratios like 0.7692307692307692). */
function num(v: unknown): string {
  return typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(4))) : String(v ?? '');
}

function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// One color per backend, the same in every plot (Tableau 10, in order of first appearance).
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
let colors = new Map<string, string>();
const colorOf = (backend: string) => colors.get(backend) ?? colors.set(backend, PALETTE[colors.size % PALETTE.length]).get(backend)!;

function formatSeconds(s: number): string {
  return s >= 1 ? `${s.toFixed(2)} s` : s >= 1e-3 ? `${(s * 1e3).toFixed(s >= 0.1 ? 0 : 2)} ms` : `${(s * 1e6).toFixed(0)} µs`;
}

/** One plot: its title and a standalone SVG (it also renders inline in the HTML). */
export interface Figure { title: string; svg: string; kind: 'result' | 'curve' }

const SVG_NS = 'xmlns="http://www.w3.org/2000/svg"';

/** Horizontal bars, one per result, longest = slowest (linear scale, so ratios read directly). */
function barChart(title: string, rows: Result[]): Figure {
  const sorted = [...rows].sort((a, b) => a.seconds - b.seconds);
  const max = Math.max(...sorted.map((r) => r.seconds), 1e-12);
  const labelW = 300, barW = 420, rowH = 18, top = 8;
  const h = top + sorted.length * rowH + 8;
  const bars = sorted.map((r, i) => {
    const y = top + i * rowH;
    const w = Math.max(1, (r.seconds / max) * barW);
    return `<text x="${labelW - 6}" y="${y + 13}" text-anchor="end">${esc(r.case)} · ${esc(r.backend)}</text>` +
      `<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 4}" fill="${colorOf(r.backend)}"/>` +
      `<text x="${labelW + w + 4}" y="${y + 13}">${esc(formatSeconds(r.seconds))}${r.gflops ? ` · ${r.gflops.toFixed(1)} GFLOP/s` : ''}</text>`;
  });
  return { title, kind: 'result', svg: `<svg ${SVG_NS} width="${labelW + barW + 170}" height="${h}" font-size="11" font-family="sans-serif">${bars.join('')}</svg>` };
}

/** GFLOP/s against size (the cube root of m·k·n), one line per backend, log-scaled x. */
function lineChart(title: string, rows: Result[]): Figure | undefined {
  const series = new Map<string, [number, number][]>();
  for (const r of rows) {
    if (!r.gflops || !r.shape) continue;
    const size = Math.cbrt(r.shape.reduce((a, b) => a * b, 1));
    (series.get(r.backend) ?? series.set(r.backend, []).get(r.backend)!).push([size, r.gflops]);
  }
  const pts = [...series.values()].flat();
  if (pts.length === 0) return undefined;
  const [x0, x1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  const y1 = Math.max(...pts.map((p) => p[1])) * 1.1;
  const W = 560, H = 260, L = 50, B = 30, T = 16;
  const lx = (x: number) => L + (x1 === x0 ? 0.5 : Math.log(x / x0) / Math.log(x1 / x0)) * (W - L - 10);
  const ly = (y: number) => T + (1 - y / y1) * (H - T - B);
  const lines = [...series.entries()].map(([name, ps], i) => {
    const p = ps.sort((a, b) => a[0] - b[0]);
    return `<polyline fill="none" stroke="${colorOf(name)}" stroke-width="2" points="${p.map(([x, y]) => `${lx(x).toFixed(1)},${ly(y).toFixed(1)}`).join(' ')}"/>` +
      p.map(([x, y]) => `<circle cx="${lx(x).toFixed(1)}" cy="${ly(y).toFixed(1)}" r="3" fill="${colorOf(name)}"/>`).join('') +
      `<text x="${W + 8}" y="${T + 12 + 14 * i}" fill="${colorOf(name)}">${esc(name)}</text>`;
  });
  const ticks = [...new Set(pts.map((p) => Math.round(p[0])))].map((x) => `<text x="${lx(x).toFixed(1)}" y="${H - 12}" text-anchor="middle">${x}</text>`);
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${L - 6}" y="${ly(f * y1) + 4}" text-anchor="end">${(f * y1).toFixed(0)}</text>`);
  return { title, kind: 'result', svg: `<svg ${SVG_NS} width="${W + 140}" height="${H}" font-size="11" font-family="sans-serif">` +
    `<line x1="${L}" y1="${H - B}" x2="${W}" y2="${H - B}" stroke="#999"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#999"/>` +
    `${ticks.join('')}${yTicks.join('')}<text x="${(L + W) / 2}" y="${H}" text-anchor="middle">size (∛(m·k·n))</text>` +
    `<text x="${L + 6}" y="${T + 10}">GFLOP/s</text>${lines.join('')}</svg>` };
}

/** Relative error against the fraction of dense parameters (log x), one line per structure: the compression trade-off. */
function curveChart(matrix: string, curves: Curve[]): Figure | undefined {
  const pts = curves.flatMap((c) => c.points).filter((p) => p.paramRatio > 0 && Number.isFinite(p.relError));
  if (pts.length === 0) return undefined;
  const x0 = Math.min(...pts.map((p) => p.paramRatio)), x1 = Math.max(...pts.map((p) => p.paramRatio));
  const y1 = Math.min(1.05, Math.max(...pts.map((p) => p.relError)) * 1.05);
  const W = 560, H = 280, L = 50, B = 30, T = 16;
  const lx = (x: number) => L + (x1 === x0 ? 0.5 : Math.log(x / x0) / Math.log(x1 / x0)) * (W - L - 10);
  const ly = (y: number) => T + (1 - y / y1) * (H - T - B);
  const lines = curves.map((c, i) => {
    const p = c.points.filter((q) => q.paramRatio > 0 && Number.isFinite(q.relError)).sort((a, b) => a.paramRatio - b.paramRatio);
    const col = colorOf(c.structure);
    return `<polyline fill="none" stroke="${col}" stroke-width="2" points="${p.map((q) => `${lx(q.paramRatio).toFixed(1)},${ly(q.relError).toFixed(1)}`).join(' ')}"/>` +
      p.map((q) => `<circle cx="${lx(q.paramRatio).toFixed(1)}" cy="${ly(q.relError).toFixed(1)}" r="3" fill="${col}"><title>${esc(c.structure)} ${esc(q.label ?? '')}: ${num(q.relError)} at ${num(q.paramRatio)}</title></circle>`).join('') +
      `<text x="${W + 8}" y="${T + 12 + 14 * i}" fill="${col}">${esc(c.structure)}</text>`;
  });
  const xTicks = [x0, Math.sqrt(x0 * x1), x1].map((x) => `<text x="${lx(x).toFixed(1)}" y="${H - 12}" text-anchor="middle">${(100 * x).toPrecision(2)}%</text>`);
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${L - 6}" y="${ly(f * y1) + 4}" text-anchor="end">${(f * y1).toFixed(2)}</text>`);
  return { title: `${matrix}: error vs parameters`, kind: 'curve', svg: `<svg ${SVG_NS} width="${W + 160}" height="${H}" font-size="11" font-family="sans-serif">` +
    `<line x1="${L}" y1="${H - B}" x2="${W}" y2="${H - B}" stroke="#999"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#999"/>` +
    `${xTicks.join('')}${yTicks.join('')}<text x="${(L + W) / 2}" y="${H}" text-anchor="middle">parameters (fraction of dense, log scale)</text>` +
    `<text x="${L + 6}" y="${T + 10}">‖W − Ŵ‖_F / ‖W‖_F</text>${lines.join('')}</svg>` };
}

/** The report: machine, targets, then one plot per group of cases. */
/** Every plot of the report, in its order: results by group, then the structured fits' curves. */
export function benchFigures(json: BenchJSON): Figure[] {
  const results = (json.results ?? []).filter((r) => r && typeof r.seconds === 'number' && r.seconds > 0);
  colors = new Map();
  const groups = new Map<string, Result[]>();
  for (const r of results) {
    const key = r.suite === 'gemm' ? `gemm · ${r.dtype ?? ''}` : `${r.suite} · ${r.case.split('/')[0]} · ${r.dtype ?? ''} · ${JSON.stringify(r.shape ?? [])}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  }
  const plots = [...groups.entries()].map(([key, rows]) => (key.startsWith('gemm') ? lineChart(`${key}: GFLOP/s vs size`, rows) : barChart(key, rows)));
  const byMatrix = new Map<string, Curve[]>();
  for (const c of json.curves ?? []) if (c && Array.isArray(c.points)) (byMatrix.get(c.matrix) ?? byMatrix.set(c.matrix, []).get(c.matrix)!).push(c);
  const curvePlots = [...byMatrix.entries()].map(([m, cs]) => curveChart(m, cs));
  return [...plots, ...curvePlots].filter((f): f is Figure => f !== undefined);
}

export function benchReport(json: BenchJSON): string {
  const figures = benchFigures(json);
  const inline = (f: Figure) => `<h3>${esc(f.title)}</h3>${f.svg}`;
  const plots = figures.filter((f) => f.kind === 'result').map(inline);
  const curvePlots = figures.filter((f) => f.kind === 'curve').map(inline);
  const h = json.header ?? {};
  const targets = (json.targets ?? []).map((t) =>
    `<tr><td>${esc(t.issue ?? '')}</td><td>${esc(t.name)}</td><td>${esc(num(t.value))}</td><td>${esc(num(t.target))}</td>` +
      `<td style="color:${t.pass ? 'green' : 'firebrick'}">${t.pass ? 'PASS' : 'MISS'}</td><td>${esc(t.note ?? '')}</td></tr>`);
  const skipped = (json.skipped ?? []).map((s) => `<li>${esc(s.suite ?? '')} ${esc(s.case ?? '')} ${esc(s.backend ?? '')}: ${esc(s.reason ?? '')}</li>`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>sketchmat benchmarks</title>
<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}td,th{padding:2px 8px;text-align:left;font-size:13px}h3{margin-top:1.6em;font-size:14px}</style></head><body>
<h1>sketchmat benchmarks</h1>
<p>${esc(h.date ?? '')} · ${esc(h.cpu ?? '')} × ${esc(h.cores ?? '')} · Node ${esc(h.node ?? '')} · commit ${esc(String(h.commit ?? '').slice(0, 10))} · ${esc(h.protocol ?? '')} run, load average ${esc(JSON.stringify(h.loadavgStart ?? ''))} → ${esc(JSON.stringify(h.loadavgEnd ?? ''))}</p>
<p>Each time is the median of the timed runs after a warm-up (bench/README.md). Bars are linear in time: shorter is faster.</p>
${targets.length ? `<h2>Targets</h2><table><tr><th>issue</th><th>target</th><th>value</th><th>goal</th><th></th><th>note</th></tr>${targets.join('')}</table>` : ''}
<h2>Results</h2>
${plots.join('\n')}
${curvePlots.length ? `<h2>Structured fits: error vs parameters</h2>\n${curvePlots.join('\n')}` : ''}
${skipped.length ? `<h2>Skipped</h2><ul>${skipped.join('')}</ul>` : ''}
</body></html>
`;
}
