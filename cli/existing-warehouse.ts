import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Target } from '../core/project/project-types.js';

/**
 * Whether the target is a SQL warehouse (duckdb, postgres) that may hold what runs built: for DuckDB its
 * file must exist already (commands that only read it never create one).
 */
export function existingSqlWarehouse(target: Target, projectDir: string): boolean {
  if (target.type === 'postgres') return true;
  if (target.type !== 'duckdb') return false;
  const path = String(target.path ?? '');
  return path === ':memory:' || existsSync(resolve(projectDir, path));
}
