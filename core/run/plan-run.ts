import type { CompiledModel } from '../compile/compiled-model.js';
import { physicalName } from '../plan/physical-relation.js';
import type { ModelAction, RunStep } from './run-types.js';

export interface PlanRunInput {
  /** Every model of the project, in topological order. */
  models: readonly CompiledModel[];
  /** Names chosen by --select / --exclude. */
  selected: ReadonlySet<string>;
  /** Names of the relations in the physical schema now. */
  existing: ReadonlySet<string>;
  physicalSchema: string;
  fullRefresh: boolean;
}

/** What buildDependencies reads of a model (a compiled one, or one of a manifest). */
type Dependent = Pick<CompiledModel, 'refs' | 'materialized'>;

/** Parents a model reads relations of: its refs, looking through ephemeral models (they are inlined). */
export function buildDependencies<M extends Dependent>(model: M, byName: ReadonlyMap<string, M>): string[] {
  const found = new Set<string>();
  const visit = (m: M, seen: Set<string>) => {
    for (const name of m.refs) {
      const parent = byName.get(name);
      if (!parent || seen.has(name)) continue;
      seen.add(name);
      if (parent.materialized === 'ephemeral') visit(parent, seen);
      else found.add(name);
    }
  };
  visit(model, new Set());
  return [...found].sort();
}

/** An incremental model's `full_refresh` config wins over `--full-refresh`, as in dbt: false never rebuilds, true always does. */
function actionFor(model: CompiledModel, selected: boolean, exists: boolean, fullRefresh: boolean): ModelAction {
  if (!selected) return exists ? 'reuse' : 'unbuilt';
  if (!exists) return 'build';
  if (model.materialized === 'incremental') {
    const own = model.config.full_refresh;
    return (typeof own === 'boolean' ? own : fullRefresh) ? 'rebuild' : 'incremental';
  }
  return fullRefresh ? 'rebuild' : 'reuse';
}

/**
 * What a run does with each non-ephemeral model (pure): only fingerprints not built yet are built; a
 * selected model whose parent was never built is blocked (selecting the parent too builds it). A selected
 * table built already is rebuilt in place when a model it reads takes in rows in this run (an incremental
 * model, or a table or view refreshed because of one): `refreshedBy` names that parent.
 */
export function planRun(input: PlanRunInput): RunStep[] {
  const byName = new Map(input.models.map((m) => [m.name, m]));
  const steps = new Map<string, RunStep>();
  // Models whose rows this run may change while they keep their version: incremental models taking in rows,
  // tables rebuilt in place, and the views over them (a view shows its parent's rows as they are).
  const changing = new Set<string>();
  for (const model of input.models) {
    if (model.materialized === 'ephemeral') continue;
    const identifier = physicalName(model.name, model.fingerprint);
    const dependsOn = buildDependencies(model, byName);
    const selected = input.selected.has(model.name);
    let action = actionFor(model, selected, input.existing.has(identifier), input.fullRefresh);
    let blockedBy: string | undefined;
    if (action !== 'reuse' && action !== 'unbuilt') {
      blockedBy = dependsOn.find((p) => { const a = steps.get(p)?.action; return a === 'unbuilt' || a === 'blocked'; });
      if (blockedBy) action = 'blocked';
    }
    // A selected table reading such a model is rebuilt in place, so it shows what its parent holds after this run (as dbt rebuilds tables at every run).
    const refreshedBy = action === 'reuse' && selected && model.materialized === 'table' ? dependsOn.find((p) => changing.has(p)) : undefined;
    if (refreshedBy) action = 'rebuild';
    if (action === 'incremental' || action === 'rebuild' || (model.materialized === 'view' && action === 'reuse' && dependsOn.some((p) => changing.has(p)))) changing.add(model.name);
    steps.set(model.name, {
      model, action, physical: { schema: input.physicalSchema, identifier }, dependsOn, ...(blockedBy ? { blockedBy } : {}), ...(refreshedBy ? { refreshedBy } : {}),
    });
  }
  return [...steps.values()];
}
