import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateProject } from './generate-project.js';
import { diffCase, envShowCase, stateOperationsCase, stateRecordCase } from './state-bench.js';
import { envCreateCase, exampleRunCase } from './warehouse-bench.js';
import { ampQueryCase } from './amp-query-bench.js';

/** Where a case runs: the repository root, the built CLI, and the folder for generated projects. */
export interface BenchContext {
  root: string;
  cli: string;
  generatedDir: string;
}

/**
 * One benchmark: a whole `amp-dbt` process, run `runs` times. Add a case by appending to
 * BENCH_CASES (later: warm compiles, plan, list --select, state-diffed compiles, ...).
 */
export interface BenchCase {
  name: string;
  description: string;
  runs: number;
  /** Once, before the runs (e.g. generate the project). Returns facts recorded with the result. */
  setup(ctx: BenchContext): Record<string, unknown>;
  /** Before every run, e.g. delete caches so each run is cold. */
  beforeEach?(ctx: BenchContext): void;
  /** Arguments after `node dist/bundle/main.js` (or after `script`). */
  args(ctx: BenchContext): string[];
  /** A script measured instead of the CLI (e.g. a query client). */
  script?(ctx: BenchContext): string;
  /** Environment variables of the measured process. */
  env?: Record<string, string>;
  /** After the runs, also when one failed (e.g. stop a server the set-up started). */
  teardown?(ctx: BenchContext): void;
}

export const DEFAULT_RUNS = 5;
export const BENCH_SEED = 20240101;

const trashDir = (ctx: BenchContext) => join(ctx.generatedDir, '.trash');

/**
 * Moves a folder out of the way, to be deleted in the case's teardown. Deleting 10,000 files right before
 * a run that creates 10,000 would measure the file system instead: ext4 without a journal (this machine's
 * disk) skips inodes freed in the last minute or more when it allocates one, scanning past each of them,
 * which made every file creation of the next compile about ten times slower (4.5 s instead of 0.25 s for
 * 10,000 files, seen with `perf`: `recently_deleted` under `ext4_create`).
 */
function moveAside(dir: string, ctx: BenchContext): void {
  if (!existsSync(dir)) return;
  mkdirSync(trashDir(ctx), { recursive: true });
  renameSync(dir, join(trashDir(ctx), `${Date.now()}-${Math.random().toString(36).slice(2)}`));
}

/**
 * Cold compile of a generated project: a fresh process each run. `first`: no `.amp-dbt/` folder either,
 * so every compiled file is written; otherwise the previous run's output is there (the edit-compile
 * loop), and only changed files are rewritten.
 */
export function coldCompileCase(models: number, label: string, first = true, partial = true): BenchCase {
  const projectDir = (ctx: BenchContext) => join(ctx.generatedDir, `models-${models}-seed-${BENCH_SEED}`);
  return {
    name: first ? `compile-first-${label}` : `compile-cold-${label}${partial ? '' : '-no-partial'}`,
    description: first
      ? `amp-dbt compile of a generated ${models}-model project, cold process, no .amp-dbt/ folder (writes every file)`
      : `amp-dbt compile of a generated ${models}-model project, cold process, previous output present${partial ? '' : ', partial compilation off (every model rendered)'}`,
    runs: DEFAULT_RUNS,
    ...(partial ? {} : { env: { AMP_DBT_NO_PARTIAL_COMPILE: '1' } }),
    setup(ctx) {
      const generated = generateProject(projectDir(ctx), { models, seed: BENCH_SEED });
      return { models, seed: BENCH_SEED, project: relative(ctx.root, projectDir(ctx)), generated: generated.generated };
    },
    beforeEach(ctx) {
      if (first) moveAside(join(projectDir(ctx), '.amp-dbt'), ctx);
    },
    teardown(ctx) {
      if (first) rmSync(trashDir(ctx), { recursive: true, force: true });
    },
    args: (ctx) => ['compile', '--project-dir', projectDir(ctx)],
  };
}

/** A Node process that does nothing (bench/node-startup.ts): what every other case pays before amp-dbt runs. */
const nodeStartupCase: BenchCase = {
  name: 'node-startup',
  description: 'node running an empty script: start-up and exit, the floor under every case',
  runs: DEFAULT_RUNS,
  script: (ctx) => join(ctx.root, 'dist', 'bench', 'node-startup.js'),
  setup: () => ({ node: process.version }),
  args: () => [],
};

export const BENCH_CASES: readonly BenchCase[] = [
  nodeStartupCase,
  coldCompileCase(1_000, '1k', false),
  coldCompileCase(10_000, '10k', false),
  coldCompileCase(10_000, '10k', false, false),
  coldCompileCase(1_000, '1k', true),
  coldCompileCase(10_000, '10k', true),
  stateRecordCase(10_000, '10k', BENCH_SEED, DEFAULT_RUNS, 'columns'),
  stateRecordCase(10_000, '10k', BENCH_SEED, DEFAULT_RUNS, 'comments'),
  envShowCase(10_000, '10k', BENCH_SEED, DEFAULT_RUNS),
  diffCase(10_000, '10k', BENCH_SEED, DEFAULT_RUNS),
  stateOperationsCase(10_000, '10k', BENCH_SEED),
  envCreateCase(1_000, '1k', BENCH_SEED, DEFAULT_RUNS),
  exampleRunCase(DEFAULT_RUNS),
  ampQueryCase('flight', DEFAULT_RUNS),
  ampQueryCase('jsonl', DEFAULT_RUNS),
];
