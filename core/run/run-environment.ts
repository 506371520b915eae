import type { CompileResult } from '../compile/compile-project.js';
import { physicalSchema } from '../plan/physical-relation.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import { modelViewKeys, swapEnvironmentViews, type ViewedModel, type ViewSwap } from './environment-views.js';
import { withMissingSeedHint } from './missing-seed-hint.js';
import { altersTable } from './apply-incremental.js';
import { dependentViews, readsAlteredColumns } from './dependent-views.js';
import { materialize } from './materialize.js';
import { physicalSql } from './physical-sql.js';
import { planRun } from './plan-run.js';
import { runSteps } from './run-steps.js';
import type { ModelOutcome, RunProgress, RunStep } from './run-types.js';

export interface RunEnvironmentInput {
  result: CompileResult;
  adapter: WarehouseAdapter;
  environment: string;
  /** Models chosen by --select / --exclude. */
  selected: ReadonlySet<string>;
  fullRefresh: boolean;
  threads: number;
  progress?: RunProgress;
  /** Cancels the run: no further model starts, the environment is left as it was. */
  signal?: AbortSignal;
  /** The models the environment shows now (its commit's): their schemas are searched for views to drop too. */
  previous?: readonly ViewedModel[];
  /**
   * The environments the state database knows on this target: where views over a table the run alters
   * (on_schema_change) that amp-dbt made before they had the `amp_dbt_view` alias may be (modelViewKeys).
   */
  environments?: readonly string[];
}

export interface RunEnvironmentReport {
  steps: RunStep[];
  /** One per non-ephemeral model, in topological order. */
  outcomes: ModelOutcome[];
  /** A model failed (or was skipped because one did): the environment's views were left as they were. */
  failed: boolean;
  /** Every model of the project has a built version now (so the environment shows the whole commit). */
  complete: boolean;
  /** What happened to the environment's views; null when they were left alone (failed or cancelled run). */
  views: ViewSwap | null;
}

/**
 * Builds the fingerprints not built yet (in parallel along the graph), then points the environment's views
 * at every built version. A failed model skips its descendants and leaves the environment untouched; what
 * was built stays in the physical schema and is reused by the next run.
 */
export async function runEnvironment(input: RunEnvironmentInput): Promise<RunEnvironmentReport> {
  const { result, adapter } = input;
  const schema = physicalSchema(result.target);
  await adapter.ensureSchema(schema);
  const existing = new Set((await adapter.listRelations(schema)).map((r) => r.name));
  const steps = planRun({ models: result.models, selected: input.selected, existing, physicalSchema: schema, fullRefresh: input.fullRefresh });
  const environments = [...new Set([input.environment, ...(input.environments ?? [])])];
  // What a table altered in place needs (only asked of those that may be: walking the graph costs).
  const alteredInPlace = (step: RunStep) => {
    const { model, action } = step;
    const reads = model.materialized === 'table' && action === 'rebuild' && readsAlteredColumns(model, result.byName);
    const alters = reads || (model.materialized === 'incremental' && (action === 'incremental' || action === 'rebuild') && altersTable(model));
    if (!alters) return {};
    const dependents = dependentViews(steps, step, (m) => physicalSql(result, m));
    const modelViews = modelViewKeys([model, ...dependents.map((d) => result.byName.get(d.model)!)], result.target, environments);
    return { dependents, readsAlteredColumns: reads, modelViews };
  };
  const outcomes = await runSteps(steps, (step) => materialize(adapter, {
    model: step.model,
    action: step.action,
    physical: step.physical,
    sql: physicalSql(result, step.model),
    incrementalSql: step.action === 'incremental' ? physicalSql(result, step.model, true) : '',
    ...alteredInPlace(step),
  }).catch((error: unknown) => { throw withMissingSeedHint(error, result.project, result.target); }), input.threads, input.progress, input.signal);
  const failed = outcomes.some((o) => o.status === 'error' || (o.status === 'skipped' && o.action !== 'unbuilt' && o.action !== 'blocked'));
  const built = (o: ModelOutcome) => o.status === 'success' || o.status === 'reused';
  const complete = outcomes.every(built);
  // Cancelled: the models running then finished, but the environment is left as it was, as after a failure.
  if (failed || input.signal?.aborted) return { steps, outcomes, failed, complete, views: null };
  const byName = new Map(result.models.map((m) => [m.name, m]));
  const shown = outcomes.filter(built).map((o) => byName.get(o.model)!);
  const unbuilt = outcomes.filter((o) => !built(o)).map((o) => byName.get(o.model)!);
  const views = await swapEnvironmentViews(adapter, result.target, input.environment, shown, { keep: unbuilt, scan: input.previous });
  return { steps, outcomes, failed, complete, views };
}
