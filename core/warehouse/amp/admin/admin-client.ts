import { AdminTransport, type AdminTransportOptions } from './admin-transport.js';
import type {
  DatasetInfo, DatasetsResponse, JsonObject, ManifestResponse, RegisterManifestResponse, RegisterRequest, RegisterResponse,
  SchemaRequest, SchemaResponse, VersionsResponse,
} from './dataset-types.js';
import type { DeployRequest, DeployResponse, EndBlock, JobEventDetailResponse, JobEventsResponse, JobInfo, JobProgressResponse, JobsResponse, JobStatusFilter } from './job-types.js';

export type AdminClientOptions = AdminTransportOptions;

/** Options of `deploy`, camel-cased from `DeployRequest`; absent fields are not sent (server defaults apply). */
export interface DeployOptions {
  endBlock?: EndBlock;
  parallelism?: number;
  verify?: boolean;
  workerId?: string | null;
}

/** One page of `GET /jobs`: `cursor` is the previous page's `next_cursor` (sent as `last_job_id`). */
export interface ListJobsOptions {
  cursor?: number;
  status?: JobStatusFilter;
  /** Jobs per page; the server's default is 50, its maximum 1000. */
  limit?: number;
}

/**
 * A typed client for the part of Amp's Admin API (port 1610) amp-dbt uses: registering derived-dataset
 * manifests and versions, deploying them, and watching the jobs that build them. Each method is one
 * operation of admin.spec.json; bodies are the spec's types. Errors are AdapterErrors: `amp-admin-error`
 * (an AmpAdminError with status and server error code) for non-2xx, `connect-failed` when unreachable.
 */
export class AdminClient {
  private readonly http: AdminTransport;

  constructor(options: AdminClientOptions) {
    this.http = new AdminTransport(options);
  }

  /** `GET /datasets`: every dataset of every namespace with its versions. */
  listDatasets(): Promise<DatasetsResponse> {
    return this.http.request('GET', '/datasets');
  }

  /**
   * `POST /datasets`: links a manifest (full JSON, or the hash of one registered with `registerManifest`)
   * to `namespace/name`, moves `dev` to it and, with a version, tags it (moving `latest` if higher).
   */
  registerDataset(namespace: string, name: string, version: string | undefined, manifest: string | JsonObject): Promise<RegisterResponse> {
    const body: RegisterRequest = { namespace, name, manifest, ...(version === undefined ? {} : { version }) };
    return this.http.request('POST', '/datasets', body);
  }

  /** `GET /datasets/{namespace}/{name}/versions`: semantic versions (descending) and the `latest`/`dev` tags. */
  listVersions(namespace: string, name: string): Promise<VersionsResponse> {
    return this.http.request('GET', `${datasetPath(namespace, name)}/versions`);
  }

  /** `DELETE /datasets/{namespace}/{name}/versions/{version}`: removes a version tag (the manifest stays). */
  async deleteVersion(namespace: string, name: string, version: string): Promise<void> {
    await this.http.request('DELETE', `${datasetPath(namespace, name)}/versions/${segment(version)}`);
  }

  /** `GET .../versions/{revision}`; `revision` is a version, a manifest hash, `latest` or `dev`. */
  getVersion(namespace: string, name: string, revision: string): Promise<DatasetInfo> {
    return this.http.request('GET', revisionPath(namespace, name, revision));
  }

  /** `GET .../versions/{revision}/manifest`: the manifest JSON behind a revision. */
  getDatasetManifest(namespace: string, name: string, revision: string): Promise<JsonObject> {
    return this.http.request('GET', `${revisionPath(namespace, name, revision)}/manifest`);
  }

  /** `POST .../versions/{revision}/deploy`: schedules a job that builds the revision; resolves to its id. */
  deploy(namespace: string, name: string, revision: string, options: DeployOptions = {}): Promise<DeployResponse> {
    const body: DeployRequest = {};
    if (options.endBlock !== undefined) body.end_block = options.endBlock;
    if (options.parallelism !== undefined) body.parallelism = options.parallelism;
    if (options.verify !== undefined) body.verify = options.verify;
    if (options.workerId !== undefined) body.worker_id = options.workerId;
    return this.http.request('POST', `${revisionPath(namespace, name, revision)}/deploy`, body);
  }

  /** `GET .../versions/{revision}/jobs`: the jobs of one revision (not paginated). */
  listDatasetJobs(namespace: string, name: string, revision: string): Promise<JobsResponse> {
    return this.http.request('GET', `${revisionPath(namespace, name, revision)}/jobs`);
  }

  /** `POST /manifests`: stores a manifest by content; resolves to its hash (registering twice is harmless). */
  registerManifest(manifest: JsonObject): Promise<RegisterManifestResponse> {
    return this.http.request('POST', '/manifests', manifest);
  }

  /** `GET /manifests/{hash}`. */
  getManifest(hash: string): Promise<ManifestResponse> {
    return this.http.request('GET', `/manifests/${segment(hash)}`);
  }

  /** `POST /schema`: the output schema of SQL over registered datasets, without running it. */
  analyzeSchema(request: SchemaRequest): Promise<SchemaResponse> {
    return this.http.request('POST', '/schema', request);
  }

  /** `GET /jobs`: one page. Without `status` the server lists only active (non-terminal) jobs. */
  listJobs(options: ListJobsOptions = {}): Promise<JobsResponse> {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.cursor !== undefined) query.set('last_job_id', String(options.cursor));
    if (options.status !== undefined) query.set('status', typeof options.status === 'string' ? options.status : options.status.join(','));
    const search = query.toString();
    return this.http.request('GET', search ? `/jobs?${search}` : '/jobs');
  }

  /** Every page of `GET /jobs`, following `next_cursor` until the server stops sending one. */
  async *jobPages(options: Omit<ListJobsOptions, 'cursor'> = {}): AsyncGenerator<JobsResponse> {
    let cursor: number | undefined;
    for (;;) {
      const page = await this.listJobs({ ...options, cursor });
      yield page;
      const next = page.next_cursor ?? undefined;
      // A cursor that does not move would loop forever; the spec's cursors only grow.
      if (next === undefined || next === cursor) return;
      cursor = next;
    }
  }

  /** Every job across all pages of `GET /jobs`. */
  async *allJobs(options: Omit<ListJobsOptions, 'cursor'> = {}): AsyncGenerator<JobInfo> {
    for await (const page of this.jobPages(options)) yield* page.jobs;
  }

  /** `GET /jobs/{id}`. */
  getJob(id: number): Promise<JobInfo> {
    return this.http.request('GET', jobPath(id));
  }

  /** `PUT /jobs/{id}/stop`: asks a job to stop; a job already in a terminal state is left as is. */
  async stopJob(id: number): Promise<void> {
    await this.http.request('PUT', `${jobPath(id)}/stop`);
  }

  /** `DELETE /jobs/{id}`: removes a job in a terminal state (409 while it runs; a missing job is fine). */
  async deleteJob(id: number): Promise<void> {
    await this.http.request('DELETE', jobPath(id));
  }

  /** `GET /jobs/{id}/progress`: blocks and files written so far, per table. */
  getJobProgress(id: number): Promise<JobProgressResponse> {
    return this.http.request('GET', `${jobPath(id)}/progress`);
  }

  /** `GET /jobs/{id}/events`: the job's lifecycle events (SCHEDULED, RUNNING, ERROR, ...). */
  getJobEvents(id: number): Promise<JobEventsResponse> {
    return this.http.request('GET', `${jobPath(id)}/events`);
  }

  /** `GET /jobs/{id}/events/{event_id}`: one event with its detail (why a job failed, for an ERROR event). */
  getJobEvent(id: number, eventId: number): Promise<JobEventDetailResponse> {
    return this.http.request('GET', `${jobPath(id)}/events/${segment(eventId)}`);
  }
}

const segment = (value: string | number) => encodeURIComponent(String(value));
const datasetPath = (namespace: string, name: string) => `/datasets/${segment(namespace)}/${segment(name)}`;
const revisionPath = (namespace: string, name: string, revision: string) => `${datasetPath(namespace, name)}/versions/${segment(revision)}`;
const jobPath = (id: number) => `/jobs/${segment(id)}`;
