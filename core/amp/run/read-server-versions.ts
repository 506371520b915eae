import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import type { ManifestDraft } from '../manifest/manifest-types.js';
import { readDatasetVersions } from './read-dataset-versions.js';

/** The server's versions (version -> manifest hash) of every drafted model and of the registered parents they read. */
export async function readServerVersions(admin: AdminClient, namespace: string, drafts: ReadonlyMap<string, ManifestDraft>): Promise<Map<string, Map<string, string>>> {
  const names = new Set<string>();
  for (const draft of drafts.values()) {
    names.add(draft.model);
    for (const parent of draft.parents) names.add(parent);
  }
  const out = new Map<string, Map<string, string>>();
  await Promise.all([...names].map(async (name) => out.set(name, await readDatasetVersions(admin, namespace, name))));
  return out;
}
