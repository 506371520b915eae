/**
 * `npm run bench`: runs every case of bench-cases.ts as whole `amp-dbt` processes, prints a table
 * and writes bench/results.json (with `--only`, the other cases' earlier results are kept).
 *
 *   node dist/bench/run-bench.js [--only name,name] [--runs N] [--list]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_CASES, type BenchCase, type BenchContext } from './bench-cases.js';
import type { CaseResult } from './bench-result.js';
import { formatTable } from './format-table.js';
import { measureNodeProcess, type ProcessMeasurement } from './measure-process.js';

interface Options {
  only: string[] | null;
  runs: number | null;
  list: boolean;
}

async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  const root = fileURLToPath(new URL('../..', import.meta.url));
  // The bundle `amp-dbt` runs (package.json bin), built by `npm run build`.
  const ctx: BenchContext = { root, cli: join(root, 'dist', 'bundle', 'main.js'), generatedDir: join(root, 'bench', '.generated') };
  const cases = BENCH_CASES.filter((c) => options.only === null || options.only.includes(c.name));
  if (options.list) {
    for (const c of BENCH_CASES) process.stdout.write(`${c.name.padEnd(20)} ${c.description}\n`);
    return 0;
  }
  if (cases.length === 0) {
    process.stderr.write(`no benchmark named ${options.only?.join(', ')}; --list shows them\n`);
    return 2;
  }
  if (!existsSync(ctx.cli)) {
    process.stderr.write(`${ctx.cli} not found: build the CLI first (npm run build)\n`);
    return 1;
  }
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await runCase(c, ctx, options.runs ?? c.runs));
  process.stdout.write(`\n${formatTable(results)}\n`);
  const file = join(root, 'bench', 'results.json');
  if (results.some((r) => r.status !== 'ok')) {
    process.stderr.write(`\nsome benchmarks failed; ${file} was not updated\n`);
    return 1;
  }
  writeFileSync(file, `${JSON.stringify(report(mergeWithEarlier(file, results)), null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
  return 0;
}

async function runCase(c: BenchCase, ctx: BenchContext, runs: number): Promise<CaseResult> {
  process.stdout.write(`${c.name}: setting up\n`);
  const details = c.setup(ctx);
  try {
    return await measureRuns(c, ctx, runs, details);
  } finally {
    c.teardown?.(ctx);
  }
}

/** What a measured script printed as its last line of JSON (its own figures), else the text. */
function parsedOutput(stdout: string): unknown {
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    return last;
  }
}

async function measureRuns(c: BenchCase, ctx: BenchContext, runs: number, details: Record<string, unknown>): Promise<CaseResult> {
  const samples: ProcessMeasurement[] = [];
  for (let i = 1; i <= runs; i++) {
    c.beforeEach?.(ctx);
    const m = await measureNodeProcess([c.script ? c.script(ctx) : ctx.cli, ...c.args(ctx)], { cwd: ctx.root, env: c.env });
    if (m.exitCode !== 0) {
      const why = m.signal ? `signal ${m.signal}` : `exit code ${m.exitCode}`;
      const output = `${m.stderrTail}${m.stdoutTail}`.trim().split('\n').slice(-20).join('\n');
      process.stdout.write(`${c.name}: run ${i} failed (${why})\n${output}\n`);
      return { name: c.name, description: c.description, status: 'failed', runs: i, wallMs: null, maxRssMb: null, details, error: `${why}\n${output}` };
    }
    samples.push(m);
    process.stdout.write(`${c.name}: run ${i}/${runs} ${m.wallMs.toFixed(0)} ms, ${formatMb(m.maxRssKb)} MB\n`);
  }
  if (c.script) details = { ...details, lastRun: parsedOutput(samples[samples.length - 1].stdoutTail) };
  const wall = samples.map((s) => round(s.wallMs)).sort((a, b) => a - b);
  const rss = samples.map((s) => s.maxRssKb).filter((v): v is number => v !== null);
  return {
    name: c.name,
    description: c.description,
    status: 'ok',
    runs,
    wallMs: { min: wall[0], median: median(wall), samples: wall },
    maxRssMb: rss.length > 0 ? round(Math.max(...rss) / 1024) : null,
    details,
  };
}

function report(results: CaseResult[]) {
  const cpuList = cpus();
  return {
    machine: {
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? null,
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    },
    date: new Date().toISOString(),
    results,
  };
}

/** Results of cases not run this time (`--only`) are kept from the existing file, in BENCH_CASES order. */
function mergeWithEarlier(file: string, results: CaseResult[]): CaseResult[] {
  const byName = new Map<string, CaseResult>();
  if (existsSync(file)) {
    try {
      const earlier = JSON.parse(readFileSync(file, 'utf8')) as { results?: CaseResult[] };
      for (const r of earlier.results ?? []) byName.set(r.name, r);
    } catch {
      // An unreadable file is replaced.
    }
  }
  for (const r of results) byName.set(r.name, r);
  const order = BENCH_CASES.map((c) => c.name);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...byName.values()].sort((a, b) => rank(a.name) - rank(b.name));
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : round((sorted[mid - 1] + sorted[mid]) / 2);
}

const round = (n: number) => Math.round(n * 10) / 10;
const formatMb = (kb: number | null) => (kb === null ? '?' : (kb / 1024).toFixed(0));

function parseArgs(argv: string[]): Options {
  const options: Options = { only: null, runs: null, list: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--list') options.list = true;
    else if (arg === '--only') options.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg === '--runs') options.runs = positiveInteger(argv[++i]);
    else throw new Error(`unknown argument ${arg}; usage: run-bench [--only name,name] [--runs N] [--list]`);
  }
  return options;
}

function positiveInteger(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs needs a positive integer, got ${value}`);
  return n;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
