import type { JobInfo } from '../../warehouse/amp/admin/job-types.js';

/** The dataset a job builds, as its descriptor says. */
export interface JobDataset {
  namespace: string;
  name: string;
  manifestHash: string | null;
  endBlock: string | null;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

/**
 * Reads a job's descriptor. The spec leaves the descriptor open (job-specific JSON); Amp's dump jobs carry
 * `dataset_namespace`, `dataset_name`, `manifest_hash` and `end_block` (plain `namespace`/`name`/`hash` are
 * accepted too). Null when it names no dataset.
 */
export function jobDataset(job: Pick<JobInfo, 'descriptor'>): JobDataset | null {
  const d = job.descriptor;
  if (!d || typeof d !== 'object') return null;
  const v = d as Record<string, unknown>;
  const namespace = text(v.dataset_namespace) ?? text(v.namespace);
  const name = text(v.dataset_name) ?? text(v.name);
  if (!namespace || !name) return null;
  const endBlock = v.end_block === undefined || v.end_block === null ? null : String(v.end_block);
  return { namespace, name, manifestHash: text(v.manifest_hash) ?? text(v.hash), endBlock };
}

/** `namespace/name`, or `-` when the descriptor names none. */
export function jobDatasetLabel(job: Pick<JobInfo, 'descriptor'>): string {
  const dataset = jobDataset(job);
  return dataset ? `${dataset.namespace}/${dataset.name}` : '-';
}

/** Whether a job builds a dataset of `namespace` (a project's jobs: its models are registered there). */
export function jobInNamespace(job: Pick<JobInfo, 'descriptor'>, namespace: string): boolean {
  return jobDataset(job)?.namespace === namespace;
}
