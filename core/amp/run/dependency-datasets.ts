import type { CompileResult } from '../../compile/compile-project.js';
import type { Diagnostics } from '../../errors.js';
import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import { isMissingResource } from '../../warehouse/amp/admin/admin-error.js';
import { parseDatasetRef } from '../amp-naming.js';
import { dependencyLocation } from '../manifest/dependency-location.js';
import type { ManifestDraft } from '../manifest/manifest-types.js';
import type { Location } from '../../project/project-types.js';

/** The versions of `namespace/name` the server has, or null when it has `revision` (a version or manifest hash). */
async function missingRevision(admin: AdminClient, namespace: string, name: string, revision: string): Promise<string[] | null> {
  try {
    await admin.getVersion(namespace, name, revision);
    return null;
  } catch (error) {
    if (!isMissingResource(error)) throw error;
    return (await admin.listVersions(namespace, name)).versions.map((v) => v.version);
  }
}

/**
 * An error at each registered model depending on a dataset version the server does not have (a
 * mistyped `_/eth_firehose@9.9.9`), where the dependency is written: registering it would fail at
 * POST /schema, after the models before it were registered. The project's own models (parents) are not
 * asked about: the run registers those. Resolves to the models with such a dependency.
 */
export async function checkDependencyDatasets(admin: AdminClient, result: CompileResult, drafts: ReadonlyMap<string, ManifestDraft>, diagnostics: Diagnostics): Promise<Set<string>> {
  const asked = new Map<string, Promise<string[] | null>>();
  const files = new Map(result.project.models.map((m) => [m.name, m]));
  // One error where each missing reference is written, naming the models that read it from there.
  const found = new Map<string, { location: Location; alias: string; reference: string; versions: string[]; models: string[] }>();
  for (const draft of drafts.values()) {
    for (const [alias, reference] of Object.entries(draft.dependencies)) {
      const ref = parseDatasetRef(reference);
      if (!ref || (ref.namespace === draft.namespace && draft.parents.includes(ref.name))) continue;
      if (!asked.has(reference)) asked.set(reference, missingRevision(admin, ref.namespace, ref.name, ref.revision));
      const versions = await asked.get(reference)!;
      const file = files.get(draft.model);
      if (versions === null || !file) continue;
      const location = dependencyLocation(result.project, file, alias, reference);
      const key = `${location.file}:${location.line}:${location.column}:${alias}=${reference}`;
      const entry = found.get(key) ?? { location, alias, reference, versions, models: [] };
      entry.models.push(draft.model);
      found.set(key, entry);
    }
  }
  const failed = new Set<string>();
  for (const { location, alias, reference, versions, models } of found.values()) {
    for (const model of models) failed.add(model);
    const ref = parseDatasetRef(reference)!;
    const dataset = `${ref.namespace}/${ref.name}`;
    const has = versions.length ? `it has ${dataset} at ${versions.join(', ')}` : `it has no version of ${dataset}`;
    const who = models.length === 1 ? `'${models[0]}' depends` : `${models.length} models depend (${models.map((m) => `'${m}'`).join(', ')})`;
    diagnostics.error('dataset-not-found', `${who} on ${reference} ('${alias}'), which the Amp server does not have: ${has}`, location,
      versions.length ? `depend on a version the server has (${dataset}@${versions[0]}), or register that version first` : 'check the dataset\'s namespace and name, or register it on the server first');
  }
  return failed;
}
