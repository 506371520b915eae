import type { CompiledModel } from '../compile/compiled-model.js';
import { altersTable } from './apply-incremental.js';
import type { Relation, RunStep } from './run-types.js';

/**
 * A model materialized as a view whose physical relation reads a relation the run alters in place (an
 * incremental model's table under on_schema_change, a table rebuilt with new columns), directly or through
 * other such views: made again with it, as dbt's views are recreated at every run.
 */
export interface DependentView {
  model: string;
  physical: Relation;
  /** Its SQL as the run executes it (physicalSql). */
  sql: string;
  /** The models it reads (RunStep.dependsOn). */
  dependsOn: readonly string[];
}

/**
 * The view-materialized models reading `step`'s model, transitively through views (and ephemeral models,
 * which are inlined), in topological order: parents before the views reading them. `steps` are in
 * topological order (planRun); whether each view version is built is for the caller to check.
 */
export function dependentViews(steps: readonly RunStep[], step: RunStep, sqlOf: (model: CompiledModel) => string): DependentView[] {
  const reading = new Set([step.model.name]);
  const found: DependentView[] = [];
  for (const s of steps) {
    if (s.model.materialized !== 'view' || !s.dependsOn.some((p) => reading.has(p))) continue;
    reading.add(s.model.name);
    found.push({ model: s.model.name, physical: s.physical, sql: sqlOf(s.model), dependsOn: s.dependsOn });
  }
  return found;
}

/**
 * Whether the columns of what a model reads may change under its version: some model upstream of it
 * (through any materialization) is an incremental model whose on_schema_change alters its table
 * (`append_new_columns`, `sync_all_columns`). A table reading it with `select *` then takes the new
 * columns when rebuilt in place, as dbt's table would.
 */
export function readsAlteredColumns(model: CompiledModel, byName: ReadonlyMap<string, CompiledModel>): boolean {
  const seen = new Set<string>();
  const visit = (m: CompiledModel): boolean => m.refs.some((name) => {
    const parent = byName.get(name);
    if (!parent || seen.has(name)) return false;
    seen.add(name);
    return (parent.materialized === 'incremental' && altersTable(parent)) || visit(parent);
  });
  return visit(model);
}

