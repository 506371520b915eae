import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import type { JobEventInfo } from '../../warehouse/amp/admin/job-types.js';

/** A lifecycle event, with the detail of a failure event (why the job failed). */
export type JobLogEvent = JobEventInfo & { detail?: unknown };

export interface JobLog {
  job_id: number;
  events: JobLogEvent[];
}

const FAILED = new Set(['ERROR', 'FATAL']);

/**
 * `jobs logs ID`: the job's lifecycle events, oldest first. The listing carries no payload (the spec's
 * JobEventInfo), so each ERROR or FATAL event's detail is read from `GET /jobs/{id}/events/{event_id}`;
 * when a failed job's last failure event has none, its progress `detail` (which the spec gives a job in
 * error) is put there instead, so the log always says why the job failed.
 */
export async function readJobLog(admin: AdminClient, id: number): Promise<JobLog> {
  const { job_id, events } = await admin.getJobEvents(id);
  const sorted: JobLogEvent[] = [...events].sort((a, b) => a.id - b.id);
  const failures = sorted.filter((e) => FAILED.has(e.event_type));
  await Promise.all(failures.map(async (event) => {
    const { detail } = await admin.getJobEvent(id, event.id);
    if (detail !== undefined && detail !== null) event.detail = detail;
  }));
  const last = failures.at(-1);
  if (last && last.detail === undefined) {
    const { detail } = await admin.getJobProgress(id);
    if (detail !== undefined && detail !== null) last.detail = detail;
  }
  return { job_id, events: sorted };
}
