import type { CompileResult } from '../compile/compile-project.js';
import type { Diagnostics } from '../errors.js';
import { openWarehouse } from '../warehouse/open-warehouse.js';
import { checkModels, type CheckOutcome } from './check-models.js';

/**
 * `compile --check` on a SQL target: binds the selected models (and what they read) in a fresh in-memory
 * DuckDB, whatever the target's engine, so nothing is read from or written to the real warehouse.
 */
export async function typeCheckProject(
  result: CompileResult, selected: readonly string[], diagnostics: Diagnostics, options: { baseDir: string },
): Promise<CheckOutcome> {
  const warehouse = await openWarehouse({ name: 'type-check', type: 'duckdb', schema: 'main', path: ':memory:' }, { baseDir: options.baseDir });
  try {
    return await checkModels(result, selected, warehouse, diagnostics);
  } finally {
    await warehouse.close();
  }
}
