import type pg from 'pg';
import { environmentExistsError, environmentNotFoundError, lockFencedError, stalePlanError } from '../state-error.js';
import type { Environment, EnvironmentMove, Fence, MoveEnvironmentOptions } from '../state-types.js';
import { inTransaction, int, iso } from './postgres-transaction.js';

interface EnvironmentRow {
  name: string;
  commit_sha: string;
  created_at: Date;
  updated_at: Date;
  updated_by: string;
}

interface MoveRow {
  id: string;
  environment: string;
  from_commit: string | null;
  to_commit: string;
  actor: string;
  reason: string;
  moved_at: Date;
}

const environment = (row: EnvironmentRow): Environment => ({
  name: row.name, commit: row.commit_sha, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at), updatedBy: row.updated_by,
});

const move = (row: MoveRow): EnvironmentMove => ({
  id: int(row.id), environment: row.environment, from: row.from_commit, to: row.to_commit, actor: row.actor,
  reason: row.reason, movedAt: iso(row.moved_at),
});

const INSERT_MOVE = `INSERT INTO amp_dbt.environment_moves (repo, environment, from_commit, to_commit, actor, reason, moved_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`;

/** Environment pointers and their history; a move is a compare-and-swap on the expected commit. */
export class PostgresEnvironments {
  constructor(private readonly pool: pg.Pool) {}

  async create(repo: string, name: string, commit: string, actor: string): Promise<Environment> {
    return inTransaction(this.pool, async (client) => {
      const created = await client.query<EnvironmentRow>(`INSERT INTO amp_dbt.environments
        (repo, name, commit_sha, created_at, updated_at, updated_by) VALUES ($1, $2, $3, now(), now(), $4)
        ON CONFLICT DO NOTHING RETURNING *`, [repo, name, commit, actor]);
      if (created.rowCount === 0) {
        const existing = await this.select(client, repo, name);
        throw environmentExistsError(repo, name, existing?.commit ?? '(deleted)');
      }
      const row = created.rows[0];
      await client.query(INSERT_MOVE, [repo, name, null, commit, actor, 'create', row.created_at]);
      return environment(row);
    });
  }

  async get(repo: string, name: string): Promise<Environment | null> {
    return this.select(this.pool, repo, name);
  }

  async list(repo: string): Promise<Environment[]> {
    const result = await this.pool.query<EnvironmentRow>('SELECT * FROM amp_dbt.environments WHERE repo = $1 ORDER BY name', [repo]);
    return result.rows.map(environment);
  }

  async repositories(): Promise<string[]> {
    const result = await this.pool.query<{ repo: string }>('SELECT DISTINCT repo FROM amp_dbt.environments ORDER BY repo');
    return result.rows.map((row) => row.repo);
  }

  async move(repo: string, name: string, options: MoveEnvironmentOptions): Promise<EnvironmentMove> {
    return inTransaction(this.pool, async (client) => {
      if (options.fence) await this.checkFence(client, repo, options.fence);
      const updated = await client.query<EnvironmentRow>(`UPDATE amp_dbt.environments
        SET commit_sha = $1, updated_at = now(), updated_by = $2 WHERE repo = $3 AND name = $4 AND commit_sha = $5
        RETURNING updated_at`, [options.to, options.actor, repo, name, options.expected]);
      if (updated.rowCount === 0) {
        const current = await this.select(client, repo, name);
        if (!current) throw environmentNotFoundError(repo, name);
        throw stalePlanError(repo, name, options.expected, current.commit);
      }
      const moved = await client.query<MoveRow>(INSERT_MOVE,
        [repo, name, options.expected, options.to, options.actor, options.reason, updated.rows[0].updated_at]);
      return move(moved.rows[0]);
    });
  }

  async history(repo: string, name: string): Promise<EnvironmentMove[]> {
    const result = await this.pool.query<MoveRow>(`SELECT * FROM amp_dbt.environment_moves
      WHERE repo = $1 AND environment = $2 ORDER BY id DESC`, [repo, name]);
    return result.rows.map(move);
  }

  async delete(repo: string, name: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM amp_dbt.environment_moves WHERE repo = $1 AND environment = $2', [repo, name]);
      const removed = await client.query('DELETE FROM amp_dbt.environments WHERE repo = $1 AND name = $2', [repo, name]);
      return removed.rowCount !== 0;
    });
  }

  private async select(db: pg.Pool | pg.PoolClient, repo: string, name: string): Promise<Environment | null> {
    const result = await db.query<EnvironmentRow>('SELECT * FROM amp_dbt.environments WHERE repo = $1 AND name = $2', [repo, name]);
    return result.rows.length === 0 ? null : environment(result.rows[0]);
  }

  /** Holds the lock row (FOR SHARE) until commit, so no newer token can be issued mid-move. */
  private async checkFence(client: pg.PoolClient, repo: string, fence: Fence): Promise<void> {
    const result = await client.query<{ token: string }>(
      'SELECT token FROM amp_dbt.locks WHERE repo = $1 AND name = $2 FOR SHARE', [repo, fence.lock]);
    const current = result.rows.length === 0 ? 0 : int(result.rows[0].token);
    if (current > fence.token) throw lockFencedError(repo, fence.lock, fence.token, current);
  }
}
