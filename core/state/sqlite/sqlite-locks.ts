import type { Database, Statement } from 'better-sqlite3';
import { lockFencedError, lockHeldError, lockLostError } from '../state-error.js';
import type { Lease } from '../state-types.js';

interface LockRow {
  name: string;
  owner: string | null;
  token: number;
  acquired_at_ms: number | null;
  expires_at_ms: number | null;
}

/** The lease in a row, if someone holds it (expired or not). */
function lease(row: LockRow | undefined): Lease | null {
  if (!row || row.owner === null || row.acquired_at_ms === null || row.expires_at_ms === null) return null;
  return {
    name: row.name, owner: row.owner, token: row.token,
    acquiredAt: new Date(row.acquired_at_ms).toISOString(), expiresAt: new Date(row.expires_at_ms).toISOString(),
  };
}

const live = (row: LockRow | undefined, now: number): Lease | null =>
  row && row.expires_at_ms !== null && row.expires_at_ms > now ? lease(row) : null;

/**
 * Leases with fencing tokens. The row outlives its leases so the token keeps counting up:
 * releasing clears the owner, taking the lock again (or over, once expired) increments the token.
 * Time is this machine's clock, which every process sharing the file shares.
 */
export class SqliteLocks {
  private readonly select: Statement;
  private readonly upsert: Statement;
  private readonly extend: Statement;
  private readonly release: Statement;
  private readonly held: Statement;

  constructor(private readonly db: Database) {
    this.select = db.prepare('SELECT * FROM locks WHERE repo = ? AND name = ?');
    this.upsert = db.prepare(`INSERT INTO locks (repo, name, owner, token, acquired_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (repo, name) DO UPDATE SET owner = excluded.owner, token = excluded.token,
      acquired_at_ms = excluded.acquired_at_ms, expires_at_ms = excluded.expires_at_ms`);
    this.extend = db.prepare('UPDATE locks SET expires_at_ms = ? WHERE repo = ? AND name = ? AND token = ? AND owner IS NOT NULL');
    this.release = db.prepare(`UPDATE locks SET owner = NULL, acquired_at_ms = NULL, expires_at_ms = NULL
      WHERE repo = ? AND name = ? AND token = ? AND owner IS NOT NULL`);
    this.held = db.prepare('SELECT * FROM locks WHERE repo = ? AND owner IS NOT NULL AND expires_at_ms > ? ORDER BY name');
  }

  acquire(repo: string, name: string, owner: string, ttlMs: number): Lease {
    return this.db.transaction(() => {
      const row = this.select.get(repo, name) as LockRow | undefined;
      const now = Date.now();
      const holder = live(row, now);
      if (holder) throw lockHeldError(repo, holder, now);
      const token = (row?.token ?? 0) + 1;
      this.upsert.run(repo, name, owner, token, now, now + ttlMs);
      return lease({ name, owner, token, acquired_at_ms: now, expires_at_ms: now + ttlMs })!;
    }).immediate();
  }

  renew(repo: string, name: string, token: number, ttlMs: number): Lease {
    return this.db.transaction(() => {
      const now = Date.now();
      if (this.extend.run(now + ttlMs, repo, name, token).changes === 0) {
        throw lockLostError(repo, name, token, live(this.select.get(repo, name) as LockRow | undefined, now));
      }
      return lease(this.select.get(repo, name) as LockRow)!;
    }).immediate();
  }

  releaseLock(repo: string, name: string, token: number): boolean {
    return this.release.run(repo, name, token).changes > 0;
  }

  checkFence(repo: string, name: string, token: number): void {
    const row = this.select.get(repo, name) as LockRow | undefined;
    if (row && row.token > token) throw lockFencedError(repo, name, token, row.token);
  }

  get(repo: string, name: string): Lease | null {
    return live(this.select.get(repo, name) as LockRow | undefined, Date.now());
  }

  list(repo: string): Lease[] {
    return (this.held.all(repo, Date.now()) as LockRow[]).map((row) => lease(row)!);
  }
}
