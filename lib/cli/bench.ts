/**
 * `sketchmat bench`: runs the benchmark suite (bench/run.mjs, in a checkout)
 * and writes its JSON plus an HTML report with SVG plots. The suite measures
 * the built package, one child process per backend and baseline; its
 * readable table goes to stderr. `--from FILE.json` only redraws the report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CommandSpec, UsageError } from './args';
import { Context, packageRoot, toJSON, writeTextAtomic } from './context';
import { BenchJSON, benchFigures, benchReport } from './report';

export const BENCH: CommandSpec = {
  name: 'bench',
  summary: 'run the benchmarks (every backend beside the baselines); write their JSON and an HTML report',
  usage: 'sketchmat bench [--full] [--only gemm|sketch] [-o bench.json] [--html bench.html] [--svg DIR] | sketchmat bench --from bench.json --html report.html [--svg DIR]',
  flags: {
    full: { kind: 'boolean', help: 'the full run (< 5 min on 2 cores) instead of the ~20 s quick one' },
    only: { kind: 'string', value: 'SUITE', choices: ['gemm', 'sketch'], help: 'one suite only' },
    output: { kind: 'string', short: 'o', value: 'FILE', help: 'where to write the JSON', default: 'bench.json' },
    html: { kind: 'string', value: 'FILE', help: 'where to write the HTML report (default: the JSON\'s name with .html)' },
    svg: { kind: 'string', value: 'DIR', help: 'also write each plot as DIR/<name>.svg (for docs: a Markdown page can show them)' },
    from: { kind: 'string', value: 'FILE.json', help: 'draw the report from this JSON instead of running the benchmarks' },
  },
  details: `
Runs bench/run.mjs (see bench/README.md for what each row means). The benchmarks ship
with the repository, not the npm package: run this from a checkout after npm run build.
Run nothing else meanwhile: every process competes for the same cores.`,
};

function runSuite(ctx: Context, output: string): void {
  const script = join(packageRoot(), 'bench', 'run.mjs');
  if (!existsSync(script)) {
    throw new UsageError(`bench: ${script} is not here (the benchmarks ship with the repository, not the npm package: run from a checkout)`);
  }
  if (!existsSync(dirname(output) || '.')) throw new UsageError(`bench: -o ${output}: the folder ${dirname(output)} does not exist`);
  const temp = join(dirname(output), `.${basename(output)}.${process.pid}.tmp`);
  const args = [script, ...(ctx.flags.full ? [] : ['--quick']), ...(ctx.flags.only ? ['--only', ctx.flags.only as string] : []), '--json', temp];
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
  if (r.status !== 0 || !existsSync(temp)) {
    rmSync(temp, { force: true });
    throw new Error(`bench: bench/run.mjs ${r.signal ? `was killed by ${r.signal}` : `exited with code ${r.status}`}`);
  }
  renameSync(temp, output);
}

/** A plot title as a file name: 'gemm · float32: GFLOP/s vs size' → 'gemm-float32-gflop-s-vs-size'. */
function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'plot';
}

export function runBench(ctx: Context): number {
  const from = ctx.flags.from as string | undefined;
  const output = from ?? (ctx.flags.output as string);
  if (!from) runSuite(ctx, output);
  let json: BenchJSON;
  try {
    json = JSON.parse(readFileSync(output, 'utf8')) as BenchJSON;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) throw e;
    throw new UsageError(`bench: ${output}: not JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || !Array.isArray(json.results)) {
    throw new UsageError(`bench: ${output}: expected the JSON of bench/run.mjs ({ header, results: [...], skipped, targets })`);
  }
  const html = (ctx.flags.html as string | undefined) ?? output.replace(/(\.json)?$/i, '.html');
  writeTextAtomic(html, benchReport(json));
  const svgDir = ctx.flags.svg as string | undefined;
  const svgs: string[] = [];
  if (svgDir !== undefined) {
    mkdirSync(svgDir, { recursive: true });
    const seen = new Map<string, number>();
    for (const f of benchFigures(json)) {
      const base = slug(f.title), count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      const file = join(svgDir, `${count === 1 ? base : `${base}-${count}`}.svg`);
      writeTextAtomic(file, `${f.svg}\n`);
      svgs.push(file);
    }
  }
  const summary = { output, html, svgs, results: json.results.length, skipped: json.skipped?.length ?? 0, targets: json.targets ?? [] };
  if (ctx.json) ctx.out(toJSON(summary));
  else ctx.err(`${from ? 'read' : 'wrote'} ${output}: ${summary.results} results, ${summary.skipped} skipped; report ${html}\n`);
  return 0;
}
