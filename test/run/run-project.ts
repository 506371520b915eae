import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import type { QueryValue, WarehouseAdapter } from '../../core/warehouse/warehouse-adapter.js';
import type { Target } from '../../core/project/project-types.js';
import { stateKey } from '../../core/state/state-key.js';
import { commit, initRepo } from '../git/git-test-repo.js';
import { runCli } from '../helpers.js';

/** A small shop project: a source, a view, a table, an incremental model with a unique key, an ephemeral one. */
export const shopFiles: Record<string, string> = {
  '.gitignore': '.amp-dbt/\n',
  'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: view\n',
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n',
  'models/stg_orders.sql': "select id, customer, amount from {{ source('raw', 'orders') }}",
  'models/big_orders.sql': "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('stg_orders') }} where amount >= 10",
  'models/customer_totals.sql': "{{ config(materialized='table') }}\nselect customer, sum(amount) as total, count(*) as n from {{ ref('big_orders') }} group by customer",
  'models/orders_log.sql': [
    "{{ config(materialized='incremental', unique_key='id') }}",
    "select id, customer, amount from {{ ref('stg_orders') }}",
    '{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}',
  ].join('\n'),
};

export const env = { AMP_DBT_REPO: 'acme/shop', AMP_DBT_ACTOR: 'tester', AMP_DBT_STATE_URL: '' };

/** The key the CLI files these runs' records under: the repository key with the embedded default target, dev. */
export const STATE_KEY = stateKey(env.AMP_DBT_REPO, 'dev').key;

/** A committed shop project with raw.orders filled in its embedded DuckDB warehouse. */
export async function shopRepo(): Promise<{ dir: string; sha: string }> {
  const dir = initRepo();
  const sha = commit(dir, 'shop', shopFiles);
  await withWarehouse(dir, (w) => w.execute(`CREATE SCHEMA raw;
    CREATE TABLE raw.orders AS SELECT * FROM (VALUES (1, 'ann', 5), (2, 'ann', 20), (3, 'bob', 30)) AS t(id, customer, amount)`));
  return { dir, sha };
}

export const duckdbTarget = (): Target => ({ name: 'dev', type: 'duckdb', schema: 'main', path: '.amp-dbt/warehouse.duckdb' });

export async function withWarehouse<T>(dir: string, work: (w: WarehouseAdapter) => Promise<T>): Promise<T> {
  const adapter = await openWarehouse(duckdbTarget(), { baseDir: dir });
  try {
    return await work(adapter);
  } finally {
    await adapter.close();
  }
}

export async function rows(dir: string, sql: string): Promise<Record<string, QueryValue>[]> {
  return withWarehouse(dir, async (w) => (await w.query(sql)).rows);
}

export function amp(dir: string, ...args: string[]) {
  return runCli(args, { cwd: dir, env });
}

export function runJson(dir: string, ...args: string[]) {
  const result = amp(dir, 'run', '--json', ...args);
  let body: Record<string, any> = {};
  try {
    body = JSON.parse(result.stdout);
  } catch {
    throw new Error(`run printed no JSON (exit ${result.code}): ${result.stderr}`);
  }
  return { code: result.code, stderr: result.stderr, body };
}
