/**
 * Bodies of the Amp Admin API's deploy and job operations, written by hand from the components of
 * Amp's OpenAPI spec (admin.spec.json) and named as there.
 */

/**
 * Job statuses as the Amp server sends them: upper case (an older client's `Running`/`Failed` are wrong).
 * The spec types `JobInfo.status` as a plain string, so an unknown future status is still let through.
 */
export const JOB_STATUSES = ['SCHEDULED', 'RUNNING', 'COMPLETED', 'STOPPED', 'STOP_REQUESTED', 'STOPPING', 'ERROR', 'FATAL', 'UNKNOWN'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * `status` filter of `GET /jobs`: `active` (the server's default: non-terminal jobs), `all`, or one or
 * more statuses (sent comma-separated).
 */
export type JobStatusFilter = 'active' | 'all' | JobStatus | readonly JobStatus[];

/**
 * `EndBlock`: when a deployment stops. `null` (or omitted) never stops, `"latest"` stops at the chain
 * head when the job starts, `"1000000"` at that block, `"-100"` 100 blocks behind the head. Always a
 * string or null, never a JSON number.
 */
export type EndBlock = string | null;

/** `DeployRequest` of `POST /datasets/{namespace}/{name}/versions/{revision}/deploy`. */
export interface DeployRequest {
  end_block?: EndBlock;
  /** Workers for raw datasets (derived datasets ignore it); the server's default is 1. */
  parallelism?: number;
  /** Verify EVM block hashes and roots while extracting (raw EVM datasets only). */
  verify?: boolean;
  /** A worker id or a glob such as `worker-eth-*`; a random active worker when absent. */
  worker_id?: string | null;
}

/** `DeployResponse` (202): the scheduled job. */
export interface DeployResponse {
  job_id: number;
}

/** `JobInfo`: one job. `descriptor` holds job-specific parameters as JSON. */
export interface JobInfo {
  id: number;
  created_at: string;
  updated_at: string;
  node_id: string;
  status: JobStatus | (string & {});
  descriptor: unknown;
}

/**
 * `JobsResponse` of `GET /jobs` and of a dataset's jobs. `next_cursor` is the `last_job_id` of the next
 * page; absent or null on the last page.
 */
export interface JobsResponse {
  jobs: JobInfo[];
  next_cursor?: number | null;
}

/** `TableProgress`: what a job has written to one table so far (block bounds null before any data). */
export interface TableProgress {
  files_count: number;
  total_size_bytes: number;
  start_block?: number | null;
  current_block?: number | null;
}

/** `JobProgressResponse` of `GET /jobs/{id}/progress`; `detail` is present when the job is in ERROR/FATAL. */
export interface JobProgressResponse {
  job_id: number;
  job_status: JobStatus | (string & {});
  tables: Record<string, TableProgress>;
  detail?: unknown;
}

/** `JobEventInfo`: one lifecycle event (`event_type` is a status such as SCHEDULED or ERROR). */
export interface JobEventInfo {
  id: number;
  created_at: string;
  node_id: string;
  event_type: string;
}

/**
 * `JobEventDetailResponse` of `GET /jobs/{id}/events/{event_id}`: one event with its `detail`, the only
 * place the spec gives an event's payload (an ERROR event's says why the job failed; the listing has none).
 */
export interface JobEventDetailResponse extends JobEventInfo {
  job_id: number;
  detail?: unknown;
}

/** `JobEventsResponse` of `GET /jobs/{id}/events`. */
export interface JobEventsResponse {
  job_id: number;
  events: JobEventInfo[];
}
