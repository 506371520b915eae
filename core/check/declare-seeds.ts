import type { CompileResult } from '../compile/compile-project.js';
import { AmpDbtError, type Diagnostics } from '../errors.js';
import { inspectSeed } from '../seed/inspect-seed.js';
import { readSeedColumnTypes } from '../seed/read-seed-column-types.js';
import { refableSeeds } from '../seed/refable-seeds.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';

/**
 * Creates, empty, the table of every seed loaded as a table of its own, with the columns and types
 * `amp-dbt seed` loads (the file sniffed as seed does, `column_types` applied), so models reading seeds
 * (with ref, or by their relation) bind as they run. A seed file that cannot be read is reported at the
 * file, as `seed` reports it.
 */
export async function declareSeeds(warehouse: WarehouseAdapter, result: CompileResult, diagnostics: Diagnostics): Promise<void> {
  if (result.project.seedPaths.length === 0) return;
  for (const seed of refableSeeds(result.project, result.target, readSeedColumnTypes(result.project, diagnostics)).values()) {
    // The schema the compile gave the seed (a project's generate_schema_name included).
    seed.schema = result.sqlContext.seeds?.get(seed.name)?.schema ?? seed.schema;
    try {
      const plan = await inspectSeed(seed, { parser: warehouse, target: warehouse, warn: () => undefined });
      await warehouse.ensureSchema(seed.schema);
      const columns = plan.columns.map((c) => `${warehouse.dialect.quote(c.name)} ${c.targetType}`).join(', ');
      await warehouse.execute(`CREATE TABLE ${warehouse.dialect.relation(seed.schema, seed.identifier)} (${columns})`);
    } catch (error) {
      if (!(error instanceof AmpDbtError)) throw error;
      diagnostics.add(error.toDiagnostic());
    }
  }
}
