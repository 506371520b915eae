import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import { isMissingResource } from '../../warehouse/amp/admin/admin-error.js';
import type { JobInfo } from '../../warehouse/amp/admin/job-types.js';

/** version -> manifest hash of a dataset; empty when the dataset is not registered (a 404 naming no missing resource is an error: isMissingResource). */
export async function readDatasetVersions(admin: AdminClient, namespace: string, name: string): Promise<Map<string, string>> {
  try {
    const response = await admin.listVersions(namespace, name);
    return new Map(response.versions.map((v) => [v.version, v.manifest_hash]));
  } catch (error) {
    if (isMissingResource(error)) return new Map();
    throw error;
  }
}

/** The jobs building a dataset revision, newest first; empty when the revision is not registered. */
export async function readRevisionJobs(admin: AdminClient, namespace: string, name: string, revision: string): Promise<JobInfo[]> {
  try {
    const response = await admin.listDatasetJobs(namespace, name, revision);
    return [...response.jobs].sort((a, b) => b.id - a.id);
  } catch (error) {
    if (isMissingResource(error)) return [];
    throw error;
  }
}
