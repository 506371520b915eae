import type { Target } from '../project/project-types.js';
import { AdapterError } from './adapter-error.js';
import type { OpenWarehouse, OpenWarehouseOptions, WarehouseAdapter } from './warehouse-adapter.js';

/** One line per engine: adding an engine is adding a folder and a line here. Loaded lazily. */
const engines: Record<string, () => Promise<OpenWarehouse>> = {
  duckdb: async () => (await import('./duckdb/duckdb-adapter.js')).openDuckDB,
  postgres: async () => (await import('./postgres/postgres-adapter.js')).openPostgres,
};

/** The warehouse adapter of a profile target (duckdb or postgres). */
export async function openWarehouse(target: Target, options: OpenWarehouseOptions): Promise<WarehouseAdapter> {
  const open = engines[target.type];
  if (!open) {
    throw new AdapterError('unsupported-target', `target '${target.name}' is of type '${target.type}', which does not run SQL models as tables and views`, {
      hint: `use a duckdb or postgres target (--target NAME)`,
    });
  }
  return (await open())(target, options);
}
