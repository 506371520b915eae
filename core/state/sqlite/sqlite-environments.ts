import type { Database, Statement } from 'better-sqlite3';
import { environmentExistsError, environmentNotFoundError, lockFencedError, stalePlanError } from '../state-error.js';
import type { Environment, EnvironmentMove, Fence, MoveEnvironmentOptions } from '../state-types.js';

interface EnvironmentRow {
  name: string;
  commit_sha: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

interface MoveRow {
  id: number;
  environment: string;
  from_commit: string | null;
  to_commit: string;
  actor: string;
  reason: string;
  moved_at: string;
}

const environment = (row: EnvironmentRow): Environment => ({
  name: row.name, commit: row.commit_sha, createdAt: row.created_at, updatedAt: row.updated_at, updatedBy: row.updated_by,
});

const move = (row: MoveRow): EnvironmentMove => ({
  id: row.id, environment: row.environment, from: row.from_commit, to: row.to_commit, actor: row.actor,
  reason: row.reason, movedAt: row.moved_at,
});

/** Environment pointers and their history; a move is a compare-and-swap on the expected commit. */
export class SqliteEnvironments {
  private readonly select: Statement;
  private readonly selectAll: Statement;
  private readonly insert: Statement;
  private readonly update: Statement;
  private readonly insertMove: Statement;
  private readonly selectMoves: Statement;
  private readonly remove: Statement;
  private readonly removeMoves: Statement;
  private readonly selectToken: Statement;

  constructor(private readonly db: Database) {
    this.select = db.prepare('SELECT * FROM environments WHERE repo = ? AND name = ?');
    this.selectAll = db.prepare('SELECT * FROM environments WHERE repo = ? ORDER BY name');
    this.insert = db.prepare(`INSERT INTO environments (repo, name, commit_sha, created_at, updated_at, updated_by)
      VALUES (?, ?, ?, ?, ?, ?)`);
    this.update = db.prepare(`UPDATE environments SET commit_sha = ?, updated_at = ?, updated_by = ?
      WHERE repo = ? AND name = ? AND commit_sha = ?`);
    this.insertMove = db.prepare(`INSERT INTO environment_moves (repo, environment, from_commit, to_commit, actor, reason, moved_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`);
    this.selectMoves = db.prepare('SELECT * FROM environment_moves WHERE repo = ? AND environment = ? ORDER BY id DESC');
    this.remove = db.prepare('DELETE FROM environments WHERE repo = ? AND name = ?');
    this.removeMoves = db.prepare('DELETE FROM environment_moves WHERE repo = ? AND environment = ?');
    this.selectToken = db.prepare('SELECT token FROM locks WHERE repo = ? AND name = ?');
  }

  create(repo: string, name: string, commit: string, actor: string): Environment {
    return this.db.transaction(() => {
      const existing = this.select.get(repo, name) as EnvironmentRow | undefined;
      if (existing) throw environmentExistsError(repo, name, existing.commit_sha);
      const now = new Date().toISOString();
      this.insert.run(repo, name, commit, now, now, actor);
      this.insertMove.run(repo, name, null, commit, actor, 'create', now);
      return { name, commit, createdAt: now, updatedAt: now, updatedBy: actor };
    }).immediate();
  }

  get(repo: string, name: string): Environment | null {
    const row = this.select.get(repo, name) as EnvironmentRow | undefined;
    return row ? environment(row) : null;
  }

  list(repo: string): Environment[] {
    return (this.selectAll.all(repo) as EnvironmentRow[]).map(environment);
  }

  repositories(): string[] {
    return this.db.prepare('SELECT DISTINCT repo FROM environments ORDER BY repo').pluck().all() as string[];
  }

  move(repo: string, name: string, options: MoveEnvironmentOptions): EnvironmentMove {
    return this.db.transaction(() => {
      if (options.fence) this.checkFence(repo, options.fence);
      const now = new Date().toISOString();
      const { changes } = this.update.run(options.to, now, options.actor, repo, name, options.expected);
      if (changes === 0) {
        const current = this.select.get(repo, name) as EnvironmentRow | undefined;
        if (!current) throw environmentNotFoundError(repo, name);
        throw stalePlanError(repo, name, options.expected, current.commit_sha);
      }
      return move(this.insertMove.get(repo, name, options.expected, options.to, options.actor, options.reason, now) as MoveRow);
    }).immediate();
  }

  history(repo: string, name: string): EnvironmentMove[] {
    return (this.selectMoves.all(repo, name) as MoveRow[]).map(move);
  }

  delete(repo: string, name: string): boolean {
    return this.db.transaction(() => {
      this.removeMoves.run(repo, name);
      return this.remove.run(repo, name).changes > 0;
    }).immediate();
  }

  private checkFence(repo: string, fence: Fence): void {
    const row = this.selectToken.get(repo, fence.lock) as { token: number } | undefined;
    if (row && row.token > fence.token) throw lockFencedError(repo, fence.lock, fence.token, row.token);
  }
}
