import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import type { ManifestDraft } from '../manifest/manifest-types.js';
import { readDatasetVersions } from './read-dataset-versions.js';

/**
 * The server's versions (version -> manifest hash) of every drafted model, of the registered parents they
 * read, and of the models named in `more` (a run's ad-hoc queries may read their datasets: adhocAncestorNames).
 */
export async function readServerVersions(admin: AdminClient, namespace: string, drafts: ReadonlyMap<string, ManifestDraft>, more: Iterable<string> = []): Promise<Map<string, Map<string, string>>> {
  const names = new Set<string>(more);
  for (const draft of drafts.values()) {
    names.add(draft.model);
    for (const parent of draft.parents) names.add(parent);
  }
  const out = new Map<string, Map<string, string>>();
  await Promise.all([...names].map(async (name) => out.set(name, await readDatasetVersions(admin, namespace, name))));
  return out;
}
