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

/** Parents a model reads relations of: its refs, looking through ephemeral models (they are inlined). */
export function buildDependencies(model: CompiledModel, byName: ReadonlyMap<string, CompiledModel>): string[] {
  const found = new Set<string>();
  const visit = (m: CompiledModel, seen: Set<string>) => {
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
 * selected model whose parent was never built is blocked (selecting the parent too builds it).
 */
export function planRun(input: PlanRunInput): RunStep[] {
  const byName = new Map(input.models.map((m) => [m.name, m]));
  const steps = new Map<string, RunStep>();
  for (const model of input.models) {
    if (model.materialized === 'ephemeral') continue;
    const identifier = physicalName(model.name, model.fingerprint);
    const dependsOn = buildDependencies(model, byName);
    let action = actionFor(model, input.selected.has(model.name), input.existing.has(identifier), input.fullRefresh);
    let blockedBy: string | undefined;
    if (action !== 'reuse' && action !== 'unbuilt') {
      blockedBy = dependsOn.find((p) => { const a = steps.get(p)?.action; return a === 'unbuilt' || a === 'blocked'; });
      if (blockedBy) action = 'blocked';
    }
    steps.set(model.name, { model, action, physical: { schema: input.physicalSchema, identifier }, dependsOn, ...(blockedBy ? { blockedBy } : {}) });
  }
  return [...steps.values()];
}
