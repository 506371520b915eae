import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import { parseDatasetRef } from '../amp-naming.js';
import type { ManifestDraft } from '../manifest/manifest-types.js';
import { readRevisionJobs } from './read-dataset-versions.js';

const HEALTHY = new Set(['RUNNING', 'COMPLETED']);

/**
 * Warnings to show before a model is deployed: each dependency whose newest job is not RUNNING or
 * COMPLETED (the model's job would wait on it, or build from data that stopped). A registered parent with
 * no job at all is reported too (it was registered without deploying); an external dataset with no job is
 * not (raw datasets are often loaded outside jobs). `startedNow` are datasets deployed by this run.
 */
export async function dependencyWarnings(admin: AdminClient, draft: ManifestDraft, startedNow: ReadonlySet<string>): Promise<string[]> {
  const warnings: string[] = [];
  for (const reference of Object.values(draft.dependencies)) {
    if (startedNow.has(reference)) continue;
    const ref = parseDatasetRef(reference);
    if (!ref) continue;
    const [newest] = await readRevisionJobs(admin, ref.namespace, ref.name, ref.revision);
    const ours = ref.namespace === draft.namespace && draft.parents.includes(ref.name);
    if (!newest) {
      if (ours) warnings.push(`'${draft.model}' reads ${reference}, which has no job: its table stays empty until it is deployed (amp-dbt jobs resume ${ref.name})`);
    } else if (!HEALTHY.has(newest.status)) {
      warnings.push(`'${draft.model}' reads ${reference}, whose newest job ${newest.id} is ${newest.status} (not RUNNING or COMPLETED)`);
    }
  }
  return warnings;
}
