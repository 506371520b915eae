import { basename, extname } from 'node:path';
import type { Target } from '../project/project-types.js';

/**
 * The database a target's relations live in, as dbt's `target.database` names it: the profile's `database`
 * (PostgreSQL's `dbname`); on DuckDB the catalog of the database file, its name without the extension
 * (`warehouse` for `.amp-dbt/warehouse.duckdb`, `memory` in memory). Amp has none: ''.
 */
export function targetDatabase(target: Target): string {
  if (typeof target.database === 'string' && target.database) return target.database;
  if (target.type !== 'duckdb') return '';
  const path = typeof target.path === 'string' ? target.path : '';
  if (path === '' || path === ':memory:') return 'memory';
  const file = basename(path);
  return file.slice(0, file.length - extname(file).length);
}
