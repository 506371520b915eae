import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import { AmpAdminError } from '../../warehouse/amp/admin/admin-error.js';
import type { Manifest } from '../../state/state-types.js';
import { RunError } from '../../run/run-error.js';
import { environmentVersion, fingerprintVersion, isRegistered } from '../amp-naming.js';
import { readDatasetVersions } from './read-dataset-versions.js';
import type { AmpRunPlan } from './amp-run-types.js';

/**
 * Promotion on Amp (env create, promote, rollback): tags the environment's version (`0.0.0-env.<name>`)
 * on the manifest hash each registered model of a recorded commit was registered at. Nothing is
 * registered or deployed, so nothing is recomputed. Every model is checked before any tag moves:
 * `not-built` when a fingerprint was never registered (run it first). Returns the models re-tagged.
 */
export async function tagEnvironment(admin: AdminClient, namespace: string, environment: string, manifest: Manifest): Promise<string[]> {
  const tag = environmentVersion(environment);
  const planned: { model: string; hash: string; current: string | undefined }[] = [];
  const missing: string[] = [];
  for (const model of manifest.models) {
    if (!isRegistered({ materialized: model.materialized, config: model.config })) continue;
    const versions = await readDatasetVersions(admin, namespace, model.name);
    const hash = versions.get(fingerprintVersion(model.fingerprint));
    if (hash === undefined) missing.push(model.name);
    else planned.push({ model: model.name, hash, current: tag ? versions.get(tag) : undefined });
  }
  if (missing.length) {
    throw new RunError('not-built', `commit ${manifest.commit.slice(0, 12)} has model versions never registered on Amp: ${missing.join(', ')}`, {
      hint: `register them first: amp-dbt run --target amp --env ${environment} --commit ${manifest.commit.slice(0, 12)}`,
    });
  }
  // An environment whose name cannot be a version is kept in the state database only; its commit must still be on Amp.
  if (!tag) return [];
  const tagged: string[] = [];
  for (const { model, hash, current } of planned) if (await tagVersion(admin, namespace, model, tag, hash, current)) tagged.push(model);
  return tagged;
}

/**
 * Whether an environment's tag moves when a run or promotion tags it on `hash`: unless it points there
 * already. `hash` null is a manifest not registered yet (a run registers it first): the tag moves to it.
 */
export function tagMoves(current: string | undefined, hash: string | null): boolean {
  return current !== hash;
}

/**
 * Tags `tag` (an environment's version) on a model's manifest hash unless it points there already
 * (`current`, else read from the server). Returns whether the tag moved.
 */
export async function tagVersion(admin: AdminClient, namespace: string, model: string, tag: string, hash: string, current?: string): Promise<boolean> {
  const now = current ?? (await readDatasetVersions(admin, namespace, model)).get(tag);
  if (!tagMoves(now, hash)) return false;
  await admin.registerDataset(namespace, model, tag, hash);
  return true;
}

/**
 * `env delete` on Amp: removes the environment's version tag (`0.0.0-env.<name>`) from every registered
 * model of its commit that has it (the manifests and their jobs stay: other versions name them). Amp
 * refuses to delete a version on the manifest `latest` points at: such tags are kept (they name the same
 * data as the model's newest version). Returns the `namespace/model@tag` removed and kept.
 */
export async function untagEnvironment(admin: AdminClient, namespace: string, environment: string, manifest: Manifest): Promise<{ removed: string[]; kept: string[] }> {
  const tag = environmentVersion(environment);
  const out = { removed: [] as string[], kept: [] as string[] };
  if (!tag) return out;
  for (const model of manifest.models) {
    if (!isRegistered({ materialized: model.materialized, config: model.config })) continue;
    const versions = await readDatasetVersions(admin, namespace, model.name);
    if (!versions.has(tag)) continue;
    const name = `${namespace}/${model.name}@${tag}`;
    try {
      await admin.deleteVersion(namespace, model.name, tag);
      out.removed.push(name);
    } catch (error) {
      if (!(error instanceof AmpAdminError && error.errorCode === 'CANNOT_DELETE_LATEST_VERSION')) throw error;
      out.kept.push(name);
    }
  }
  return out;
}

/**
 * The warning for an environment the state database does not have whose tag some of the run's datasets
 * already carry (`versions`: each model's versions on the server): another project, or another state
 * database, uses the namespace and the environment's name, and the run would move its tags. Null when none do.
 */
export function foreignTagsWarning(plan: Pick<AmpRunPlan, 'namespace' | 'environment' | 'environmentVersion' | 'steps'>, versions: ReadonlyMap<string, ReadonlyMap<string, string>>): string | null {
  const tag = plan.environmentVersion;
  if (!tag) return null;
  const tagged = plan.steps.filter((step) => step.draft && versions.get(step.model)?.has(tag)).map((step) => step.model);
  if (tagged.length === 0) return null;
  const shown = tagged.slice(0, 3).map((model) => `${plan.namespace}/${model}@${tag}`).join(', ') + (tagged.length > 3 ? ` and ${tagged.length - 3} more` : '');
  return `environment '${plan.environment}' is new to this state database, but ${shown} already exist on the server: another project or state database `
    + `uses namespace ${plan.namespace} and this environment name, and this run moves those tags (give this project its own namespace: in profiles.yml)`;
}
