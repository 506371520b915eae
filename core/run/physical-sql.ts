import type { CompiledModel } from '../compile/compiled-model.js';
import type { CompileResult } from '../compile/compile-project.js';
import { renderTargetSql } from '../compile/target-sql.js';
import { physicalName, physicalSchema } from '../plan/physical-relation.js';

/**
 * A model's SQL as a run executes it: parents (and `this`) are physical relations of their fingerprints,
 * so a version built once is valid in every environment. `incremental` renders the is_incremental() text.
 */
export function physicalSql(result: CompileResult, model: CompiledModel, incremental = false): string {
  const schema = physicalSchema(result.target);
  const context = {
    ...result.sqlContext,
    refCache: new Map<string, string>(),
    relationFor: (m: { name: string }) => {
      const compiled = result.byName.get(m.name);
      return { schema, identifier: physicalName(m.name, compiled ? compiled.fingerprint : '') };
    },
  };
  const sql = incremental && model.incrementalSql !== undefined ? model.incrementalSql : model.canonicalSql;
  return renderTargetSql(model, context, sql);
}
