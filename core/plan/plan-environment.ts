import type { ComparedSql } from '../diff/compared-sql.js';
import { diffManifests } from '../diff/diff-manifests.js';
import type { ModelDiff } from '../diff/diff-types.js';
import { manifestGraph } from '../diff/manifest-graph.js';
import type { Manifest, ManifestModel } from '../state/state-types.js';
import { buildDependencies } from '../run/plan-run.js';
import { PHYSICAL_SCHEMA, physicalName, physicalRelation } from './physical-relation.js';

/** What planning knows of a SQL warehouse. */
export interface PlanWarehouse {
  /** Its physical schema (default amp_dbt_physical). */
  schema?: string;
  /** The relations in it: what is built. */
  built?: ReadonlySet<string>;
}

/** What else a plan reads: the SQL of the models whose definitions changed (loadComparedSql), for the reasons. */
export interface PlanInputs {
  sql?: ComparedSql;
}
import { builtKey, type BuiltFingerprints, type EnvironmentPlan, type PlannedModel } from './plan-types.js';

/**
 * What moving an environment to `manifest` would do (pure, no IO): BUILD every model whose fingerprint is
 * built nowhere yet, REUSE the ones built already (in this environment, or in another one: a promotion
 * only swaps views), DROP the environment's models that the new manifest no longer has.
 * `environmentManifest` is null for an environment that does not exist yet; `environment` is its name.
 * `warehouse.built`, the relations in a warehouse's physical schema, is the truth about what is built when
 * given (the environments' manifests then only say who shows a version); `warehouse.schema` names that
 * schema (the target's physical_schema).
 */
export function planEnvironment(
  manifest: Manifest, environmentManifest: Manifest | null, built: BuiltFingerprints, environment?: string, warehouse: PlanWarehouse = {},
  inputs: PlanInputs = {},
): EnvironmentPlan {
  const schema = warehouse.schema ?? PHYSICAL_SCHEMA;
  const physical = warehouse.built;
  const current = environmentManifest ?? { ...manifest, commit: '', parents: [], models: [], macros: [], vars: {} };
  const changes = new Map(diffManifests(current, manifest, { sqlDiffs: false, sql: inputs.sql }).models.map((d) => [d.name, d]));
  const inEnvironment = new Set(current.models.map((m) => builtKey(m.name, m.fingerprint)));
  const byName = new Map(manifest.models.map((m) => [m.name, m]));
  const plan: EnvironmentPlan = { build: [], reuse: [], drop: [], ephemeral: [], summary: { build: 0, reuse: 0, unchanged: 0, drop: 0 } };
  for (const name of manifestGraph(manifest.models).topologicalOrder()) {
    const model = byName.get(name)!;
    if (model.materialized === 'ephemeral') {
      plan.ephemeral.push(name);
      continue;
    }
    const key = builtKey(name, model.fingerprint);
    const holders = new Set(built.get(key) ?? []);
    if (environment !== undefined && inEnvironment.has(key)) holders.add(environment);
    const planned = plannedModel(model, changes.get(name), [...holders].sort(), schema);
    const isBuilt = physical ? physical.has(physicalName(name, model.fingerprint)) : holders.size > 0 || inEnvironment.has(key);
    if (!isBuilt) plan.build.push(planned);
    else plan.reuse.push(planned);
  }
  markRefreshed(plan.reuse, byName);
  for (const model of current.models) {
    if (byName.has(model.name) || model.materialized === 'ephemeral') continue;
    plan.drop.push({ name: model.name, path: model.path, fingerprint: model.fingerprint, physical: physicalRelation(model.name, model.fingerprint, schema) });
  }
  plan.summary = {
    build: plan.build.length,
    reuse: plan.reuse.length,
    unchanged: plan.reuse.filter((m) => inEnvironment.has(builtKey(m.name, m.fingerprint))).length,
    drop: plan.drop.length,
  };
  return plan;
}

/**
 * The reused tables a run rebuilds in place, as planRun decides for a run of every model: a reused
 * incremental model takes in rows (a full_refresh=true one is rebuilt), a reused table reading such a model
 * (or a view over one) is refilled, and so on down. `reuse` is in dependency order.
 */
function markRefreshed(reuse: PlannedModel[], byName: ReadonlyMap<string, ManifestModel>): void {
  const changing = new Set<string>();
  for (const planned of reuse) {
    const model = byName.get(planned.name)!;
    const dependsOn = buildDependencies(model, byName);
    if (model.materialized === 'incremental') changing.add(model.name);
    else if (model.materialized === 'table') {
      const by = dependsOn.find((p) => changing.has(p));
      if (by === undefined) continue;
      planned.refreshedBy = by;
      changing.add(model.name);
    } else if (model.materialized === 'view' && dependsOn.some((p) => changing.has(p))) changing.add(model.name);
  }
}

function plannedModel(model: ManifestModel, diff: ModelDiff | undefined, builtIn: string[], schema: string): PlannedModel {
  const change = diff === undefined ? 'unchanged' : diff.change === 'removed' ? 'unchanged' : diff.change;
  return {
    name: model.name,
    path: model.path,
    materialized: model.materialized,
    fingerprint: model.fingerprint,
    physical: physicalRelation(model.name, model.fingerprint, schema),
    change,
    reasons: diff?.reasons ?? [],
    builtIn,
  };
}
