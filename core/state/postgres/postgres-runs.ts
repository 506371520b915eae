import type pg from 'pg';
import { isoTime } from '../iso-time.js';
import { runNotFoundError } from '../state-error.js';
import type {
  FreshnessStatus, ListRunsOptions, ModelResult, ModelResultInput, ModelRunStatus, ModelState, ModelStateInput, Run,
  RunStatus, RunSummary, StartRunInput,
} from '../state-types.js';
import { int, iso } from './postgres-transaction.js';

interface RunRow {
  id: string;
  repo: string;
  environment: string;
  commit_sha: string;
  actor: string;
  command: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
}

interface ModelRunRow {
  model: string;
  fingerprint: string;
  status: string;
  rows: string | null;
  duration_ms: string | null;
  error: string | null;
  details: Record<string, unknown> | null;
  recorded_at: Date;
}

interface ModelStateRow {
  model: string;
  latest_block: string | null;
  latest_timestamp: Date | null;
  freshness: string;
  checked_at: Date;
}

const run = (row: RunRow): RunSummary => ({
  id: int(row.id), repo: row.repo, environment: row.environment, commit: row.commit_sha, actor: row.actor,
  command: row.command, status: row.status as RunStatus, startedAt: iso(row.started_at), finishedAt: iso(row.finished_at),
});

const modelResult = (row: ModelRunRow): ModelResult => ({
  model: row.model, fingerprint: row.fingerprint, status: row.status as ModelRunStatus, rows: int(row.rows),
  durationMs: int(row.duration_ms), error: row.error, details: row.details, recordedAt: iso(row.recorded_at),
});

const modelState = (row: ModelStateRow): ModelState => ({
  model: row.model, latestBlock: int(row.latest_block), latestTimestamp: iso(row.latest_timestamp),
  freshness: row.freshness as FreshnessStatus, checkedAt: iso(row.checked_at),
});

const FOREIGN_KEY_VIOLATION = '23503';

/** Job history (runs and per-model results) and per-environment model state. */
export class PostgresRuns {
  constructor(private readonly pool: pg.Pool) {}

  async start(repo: string, input: StartRunInput): Promise<number> {
    const result = await this.pool.query<{ id: string }>(`INSERT INTO amp_dbt.runs
      (repo, environment, commit_sha, actor, command, status, started_at) VALUES ($1, $2, $3, $4, $5, 'running', $6)
      RETURNING id`, [repo, input.environment, input.commit, input.actor, input.command, isoTime()]);
    return int(result.rows[0].id);
  }

  async record(runId: number, r: ModelResultInput): Promise<void> {
    try {
      await this.pool.query(`INSERT INTO amp_dbt.model_runs (run_id, model, fingerprint, status, rows, duration_ms, error, details, recorded_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (run_id, model) DO UPDATE SET fingerprint = excluded.fingerprint,
        status = excluded.status, rows = excluded.rows, duration_ms = excluded.duration_ms, error = excluded.error,
        details = excluded.details, recorded_at = excluded.recorded_at`,
      [runId, r.model, r.fingerprint, r.status, r.rows ?? null, r.durationMs ?? null, r.error ?? null, r.details == null ? null : JSON.stringify(r.details), isoTime()]);
    } catch (error) {
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw runNotFoundError(runId);
      throw error;
    }
  }

  async finish(runId: number, status: RunStatus): Promise<void> {
    const result = await this.pool.query('UPDATE amp_dbt.runs SET status = $1, finished_at = $2 WHERE id = $3', [status, isoTime(), runId]);
    if (result.rowCount === 0) throw runNotFoundError(runId);
  }

  async abandon(repo: string, environment: string, beforeRunId: number): Promise<number> {
    const result = await this.pool.query(`UPDATE amp_dbt.runs SET status = 'abandoned', finished_at = $1
      WHERE repo = $2 AND environment = $3 AND status = 'running' AND id < $4`, [isoTime(), repo, environment, beforeRunId]);
    return result.rowCount ?? 0;
  }

  async list(repo: string, options: ListRunsOptions = {}): Promise<RunSummary[]> {
    const result = await this.pool.query<RunRow>(`SELECT * FROM amp_dbt.runs
      WHERE repo = $1 AND ($2::text IS NULL OR environment = $2) ORDER BY id DESC LIMIT $3`,
    [repo, options.environment ?? null, options.limit ?? 50]);
    return result.rows.map(run);
  }

  async get(runId: number): Promise<Run | null> {
    const head = await this.pool.query<RunRow>('SELECT * FROM amp_dbt.runs WHERE id = $1', [runId]);
    if (head.rows.length === 0) return null;
    const models = await this.pool.query<ModelRunRow>('SELECT * FROM amp_dbt.model_runs WHERE run_id = $1 ORDER BY model', [runId]);
    return { ...run(head.rows[0]), models: models.rows.map(modelResult) };
  }

  async setModelState(repo: string, environment: string, model: string, state: ModelStateInput): Promise<void> {
    await this.pool.query(`INSERT INTO amp_dbt.model_state
      (repo, environment, model, latest_block, latest_timestamp, freshness, checked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (repo, environment, model) DO UPDATE SET latest_block = excluded.latest_block,
      latest_timestamp = excluded.latest_timestamp, freshness = excluded.freshness, checked_at = excluded.checked_at`,
    [repo, environment, model, state.latestBlock ?? null, state.latestTimestamp ?? null, state.freshness, isoTime(state.checkedAt)]);
  }

  async getModelStates(repo: string, environment: string): Promise<ModelState[]> {
    const result = await this.pool.query<ModelStateRow>(`SELECT * FROM amp_dbt.model_state
      WHERE repo = $1 AND environment = $2 ORDER BY model`, [repo, environment]);
    return result.rows.map(modelState);
  }
}
