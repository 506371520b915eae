import type { Database, Statement } from 'better-sqlite3';
import { isoTime } from '../iso-time.js';
import { runNotFoundError } from '../state-error.js';
import type {
  FreshnessStatus, ListRunsOptions, ModelResult, ModelResultInput, ModelRunStatus, ModelState, ModelStateInput, Run,
  RunStatus, RunSummary, StartRunInput,
} from '../state-types.js';

interface RunRow {
  id: number;
  repo: string;
  environment: string;
  commit_sha: string;
  actor: string;
  command: string;
  status: string;
  started_at: string;
  finished_at: string | null;
}

interface ModelRunRow {
  model: string;
  fingerprint: string;
  status: string;
  rows: number | null;
  duration_ms: number | null;
  error: string | null;
  details: string | null;
  recorded_at: string;
}

interface ModelStateRow {
  model: string;
  latest_block: number | null;
  latest_timestamp: string | null;
  freshness: string;
  checked_at: string;
}

const run = (row: RunRow): RunSummary => ({
  id: row.id, repo: row.repo, environment: row.environment, commit: row.commit_sha, actor: row.actor,
  command: row.command, status: row.status as RunStatus, startedAt: row.started_at, finishedAt: row.finished_at,
});

const modelResult = (row: ModelRunRow): ModelResult => ({
  model: row.model, fingerprint: row.fingerprint, status: row.status as ModelRunStatus, rows: row.rows,
  durationMs: row.duration_ms, error: row.error, details: row.details === null ? null : JSON.parse(row.details) as Record<string, unknown>,
  recordedAt: row.recorded_at,
});

const modelState = (row: ModelStateRow): ModelState => ({
  model: row.model, latestBlock: row.latest_block, latestTimestamp: row.latest_timestamp,
  freshness: row.freshness as FreshnessStatus, checkedAt: row.checked_at,
});

/** Job history (runs and per-model results) and per-environment model state. */
export class SqliteRuns {
  private readonly insertRun: Statement;
  private readonly upsertResult: Statement;
  private readonly updateRun: Statement;
  private readonly abandonRuns: Statement;
  private readonly selectRun: Statement;
  private readonly selectResults: Statement;
  private readonly selectRuns: Statement;
  private readonly selectRunsIn: Statement;
  private readonly upsertState: Statement;
  private readonly selectStates: Statement;

  constructor(private readonly db: Database) {
    this.insertRun = db.prepare(`INSERT INTO runs (repo, environment, commit_sha, actor, command, status, started_at)
      VALUES (?, ?, ?, ?, ?, 'running', ?)`);
    this.upsertResult = db.prepare(`INSERT INTO model_runs (run_id, model, fingerprint, status, rows, duration_ms, error, details, recorded_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, model) DO UPDATE SET fingerprint = excluded.fingerprint,
      status = excluded.status, rows = excluded.rows, duration_ms = excluded.duration_ms, error = excluded.error,
      details = excluded.details, recorded_at = excluded.recorded_at`);
    this.updateRun = db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?');
    this.abandonRuns = db.prepare(`UPDATE runs SET status = 'abandoned', finished_at = ?
      WHERE repo = ? AND environment = ? AND status = 'running' AND id < ?`);
    this.selectRun = db.prepare('SELECT * FROM runs WHERE id = ?');
    this.selectResults = db.prepare('SELECT * FROM model_runs WHERE run_id = ? ORDER BY model');
    this.selectRuns = db.prepare('SELECT * FROM runs WHERE repo = ? ORDER BY id DESC LIMIT ?');
    this.selectRunsIn = db.prepare('SELECT * FROM runs WHERE repo = ? AND environment = ? ORDER BY id DESC LIMIT ?');
    this.upsertState = db.prepare(`INSERT INTO model_state (repo, environment, model, latest_block, latest_timestamp, freshness, checked_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (repo, environment, model) DO UPDATE SET latest_block = excluded.latest_block,
      latest_timestamp = excluded.latest_timestamp, freshness = excluded.freshness, checked_at = excluded.checked_at`);
    this.selectStates = db.prepare('SELECT * FROM model_state WHERE repo = ? AND environment = ? ORDER BY model');
  }

  start(repo: string, input: StartRunInput): number {
    const { lastInsertRowid } = this.insertRun.run(repo, input.environment, input.commit, input.actor, input.command,
      isoTime());
    return Number(lastInsertRowid);
  }

  record(runId: number, r: ModelResultInput): void {
    if (!this.selectRun.get(runId)) throw runNotFoundError(runId);
    this.upsertResult.run(runId, r.model, r.fingerprint, r.status, r.rows ?? null, r.durationMs ?? null, r.error ?? null,
      r.details == null ? null : JSON.stringify(r.details), isoTime());
  }

  finish(runId: number, status: RunStatus): void {
    if (this.updateRun.run(status, isoTime(), runId).changes === 0) throw runNotFoundError(runId);
  }

  abandon(repo: string, environment: string, beforeRunId: number): number {
    return this.abandonRuns.run(isoTime(), repo, environment, beforeRunId).changes;
  }

  list(repo: string, options: ListRunsOptions = {}): RunSummary[] {
    const limit = options.limit ?? 50;
    const rows = options.environment === undefined
      ? this.selectRuns.all(repo, limit)
      : this.selectRunsIn.all(repo, options.environment, limit);
    return (rows as RunRow[]).map(run);
  }

  get(runId: number): Run | null {
    return this.db.transaction(() => {
      const row = this.selectRun.get(runId) as RunRow | undefined;
      if (!row) return null;
      return { ...run(row), models: (this.selectResults.all(runId) as ModelRunRow[]).map(modelResult) };
    })();
  }

  setModelState(repo: string, environment: string, model: string, state: ModelStateInput): void {
    const latestTimestamp = state.latestTimestamp == null ? null : isoTime(state.latestTimestamp);
    this.upsertState.run(repo, environment, model, state.latestBlock ?? null, latestTimestamp, state.freshness, isoTime(state.checkedAt));
  }

  getModelStates(repo: string, environment: string): ModelState[] {
    return (this.selectStates.all(repo, environment) as ModelStateRow[]).map(modelState);
  }
}
