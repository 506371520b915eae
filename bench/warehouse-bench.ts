import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BenchCase, BenchContext } from './bench-cases.js';
import { generateProject } from './generate-project.js';
import { SOURCE_TABLES } from './plan-models.js';

const BENCH_ENV = 'bench';

function run(command: string, args: string[], cwd: string, allowFailure = false): string {
  const result = spawnSync(command, args, {
    cwd, encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', AMP_DBT_STATE_URL: '' },
  });
  if (result.status !== 0 && !allowFailure) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stderr}`);
  return result.stdout;
}

const git = (dir: string, ...args: string[]) => run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], dir);
const cli = (ctx: BenchContext, dir: string, args: string[], allowFailure = false) => run(process.execPath, [ctx.cli, ...args, '--project-dir', dir], ctx.root, allowFailure);

/** Runs SQL on a project's embedded DuckDB warehouse (through the built adapter, in a separate process). */
function warehouseSql(ctx: BenchContext, dir: string, sql: string): void {
  const adapter = join(ctx.root, 'dist', 'core', 'warehouse', 'open-warehouse.js');
  const script = `const { openWarehouse } = await import(${JSON.stringify(adapter)});
const w = await openWarehouse({ name: 'dev', type: 'duckdb', schema: 'main', path: '.amp-dbt/warehouse.duckdb' }, { baseDir: ${JSON.stringify(dir)} });
try { await w.execute(${JSON.stringify(sql)}); } finally { await w.close(); }`;
  run(process.execPath, ['--input-type=module', '-e', script], ctx.root);
}

/** Source tables of the generated projects, 1,000 rows each. */
function rawTablesSql(): string {
  const table = (name: string) => `CREATE OR REPLACE TABLE raw.${name} AS SELECT i AS id, (i * 37 % 1000) / 10.0 AS amount,
    TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE AS updated_at FROM range(1000) t(i)`;
  return ['CREATE SCHEMA IF NOT EXISTS raw', ...SOURCE_TABLES.map(table)].join(';\n');
}

/**
 * `amp-dbt env create` over a generated project whose every model version is built already (one
 * `amp-dbt run --env prod` in the set-up): the new environment is views only. Before each run the
 * environment and its schema are removed again.
 */
export function envCreateCase(models: number, label: string, seed: number, runs: number): BenchCase {
  let dir = '';
  return {
    name: `env-create-built-${label}`,
    description: `amp-dbt env create over ${models} built models of a generated project on embedded DuckDB (views only)`,
    runs,
    setup(ctx) {
      dir = join(ctx.generatedDir, `warehouse-${models}-seed-${seed}`);
      const generated = generateProject(dir, { models, seed });
      if (generated.generated || !existsSync(join(dir, '.git'))) {
        rmSync(join(dir, '.git'), { recursive: true, force: true });
        rmSync(join(dir, '.amp-dbt'), { recursive: true, force: true });
        writeFileSync(join(dir, '.gitignore'), '.amp-dbt/\n');
        // Tables, not views: a generated model reads up to 15 parents, and DuckDB binds a view over views by
        // expanding every view below it, which grows exponentially with the depth of such a graph.
        const project = join(dir, 'dbt_project.yml');
        writeFileSync(project, readFileSync(project, 'utf8').replace('+materialized: view', '+materialized: table'));
        git(dir, 'init', '-q', '-b', 'main');
        git(dir, 'add', '-A');
        git(dir, 'commit', '-q', '-m', 'generated project');
      }
      if (!existsSync(join(dir, '.amp-dbt', 'warehouse.duckdb'))) warehouseSql(ctx, dir, rawTablesSql());
      cli(ctx, dir, ['run', '--env', 'prod']);
      return { models, seed, project: relative(ctx.root, dir) };
    },
    beforeEach(ctx) {
      cli(ctx, dir, ['env', 'delete', BENCH_ENV], true);
      warehouseSql(ctx, dir, `DROP SCHEMA IF EXISTS main__${BENCH_ENV} CASCADE`);
    },
    args: () => ['env', 'create', BENCH_ENV, '--commit', 'HEAD', '--project-dir', dir],
  };
}

/**
 * A full `amp-dbt run` of the example project (fixtures/projects/erc20_transfers) from an empty warehouse
 * holding only the seeded sample data: every model built.
 */
export function exampleRunCase(runs: number): BenchCase {
  let dir = '';
  return {
    name: 'run-example',
    description: 'amp-dbt run of the example project (sample firehose data seeded), every model built from scratch',
    runs,
    setup(ctx) {
      dir = join(ctx.generatedDir, 'example-run');
      rmSync(dir, { recursive: true, force: true });
      cpSync(join(ctx.root, 'fixtures', 'projects', 'erc20_transfers'), dir, { recursive: true, filter: (p) => !p.includes('.amp-dbt') });
      writeFileSync(join(dir, '.gitignore'), '.amp-dbt/\n');
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'example');
      return { project: relative(ctx.root, dir) };
    },
    beforeEach(ctx) {
      rmSync(join(dir, '.amp-dbt'), { recursive: true, force: true });
      cli(ctx, dir, ['seed']);
    },
    args: () => ['run', '--env', 'prod', '--project-dir', dir],
  };
}
