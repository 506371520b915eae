import { physicalName, physicalSchema } from '../plan/physical-relation.js';
import type { Target } from '../project/project-types.js';
import type { Manifest } from '../state/state-types.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import { environmentSchemas, swapEnvironmentViews, type ViewedModel, type ViewSwap } from './environment-views.js';
import { PRODUCTION_ENVIRONMENT } from './environment-schema.js';
import { RunError } from './run-error.js';
import type { DeployedVersions } from './built-at-commit.js';

/**
 * Points an environment's views at the versions a recorded commit's models were built as (promote,
 * rollback): nothing is built and no row is copied. `not-built` when a version was never built (a
 * model's recorded version, else the version one of the `deployed` runs of the commit built for it). Null when
 * no run has built anything on this warehouse yet (environments are then pointers only). `previous`: the
 * models the environment shows now, whose views are dropped when the commit does not have them.
 */
export async function repointEnvironment(
  adapter: WarehouseAdapter, target: Target, environment: string, manifest: Manifest, previous: Manifest['models'] = [],
  deployed: readonly DeployedVersions[] = [],
): Promise<ViewSwap | null> {
  const relations = await adapter.listRelations(physicalSchema(target));
  if (relations.length === 0) return null;
  const built = new Set(relations.map((r) => r.name));
  // A model whose SQL holds the run's start time is never built at its recorded version: the version a run
  // of the commit built stands for it (see builtAtCommit).
  const models = manifest.models.filter((m) => m.materialized !== 'ephemeral').map((m) => {
    if (built.has(physicalName(m.name, m.fingerprint))) return m;
    const fingerprint = deployed.map((d) => d.fingerprints.get(m.name)).find((fp) => fp !== undefined && built.has(physicalName(m.name, fp)));
    return fingerprint === undefined ? m : { ...m, fingerprint };
  });
  const missing = models.filter((m) => !built.has(physicalName(m.name, m.fingerprint))).map((m) => m.name);
  if (missing.length) {
    const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, and ${missing.length - 5} more` : '');
    throw new RunError('not-built', `commit ${manifest.commit.slice(0, 12)} has model versions no run has built: ${shown}`, {
      hint: `build them first: amp-dbt run --env ${environment} --commit ${manifest.commit.slice(0, 12)}`,
    });
  }
  // The schemas of the models shown now are searched too: a custom schema the new commit no longer uses
  // would otherwise keep its views.
  return swapEnvironmentViews(adapter, target, environment, models, { scan: previous });
}

/**
 * Drops an environment's views (the schemas of `models`, its current ones); returns them. The schemas only
 * it used (`<schema>__<env>`, never prod's) are dropped too when nothing else is left in them.
 */
export async function dropEnvironmentViews(adapter: WarehouseAdapter, target: Target, environment: string, models: readonly ViewedModel[]): Promise<string[]> {
  const { dropped } = await swapEnvironmentViews(adapter, target, environment, [], { scan: models });
  if (environment !== PRODUCTION_ENVIRONMENT) {
    for (const schema of environmentSchemas(models, target, environment)) {
      if ((await adapter.listRelations(schema)).length > 0) continue;
      // Without CASCADE: anything else in it (a function, a type) keeps the schema.
      await adapter.execute(`DROP SCHEMA IF EXISTS ${adapter.dialect.quote(schema)}`).catch(() => undefined);
    }
  }
  return dropped;
}
