import type pg from 'pg';
import { lockFencedError, lockHeldError, lockLostError } from '../state-error.js';
import type { Lease } from '../state-types.js';
import { int, iso } from './postgres-transaction.js';

interface LeaseRow {
  name: string;
  owner: string;
  token: string;
  acquired_at: Date;
  expires_at: Date;
}

const lease = (row: LeaseRow): Lease => ({
  name: row.name, owner: row.owner, token: int(row.token), acquiredAt: iso(row.acquired_at), expiresAt: iso(row.expires_at),
});

const TTL = `now() + $3::double precision * interval '1 millisecond'`;
const LEASE_COLUMNS = 'name, owner, token, acquired_at, expires_at';

/**
 * Leases with fencing tokens, each step one atomic statement. The row outlives its leases so the token
 * keeps counting up. Time is the database server's clock, which every client shares.
 */
export class PostgresLocks {
  constructor(private readonly pool: pg.Pool) {}

  async acquire(repo: string, name: string, owner: string, ttlMs: number): Promise<Lease> {
    for (;;) {
      const taken = await this.pool.query<LeaseRow>(`INSERT INTO amp_dbt.locks AS l
        (repo, name, owner, token, acquired_at, expires_at) VALUES ($1, $2, $4, 1, now(), ${TTL})
        ON CONFLICT (repo, name) DO UPDATE SET owner = excluded.owner, token = l.token + 1,
          acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
        WHERE l.owner IS NULL OR l.expires_at <= now()
        RETURNING ${LEASE_COLUMNS}`, [repo, name, ttlMs, owner]);
      if (taken.rows.length > 0) return lease(taken.rows[0]);
      const holder = await this.live(repo, name);
      // Released or expired between the two statements: try again.
      if (holder) throw lockHeldError(repo, holder.lease, holder.now);
    }
  }

  async renew(repo: string, name: string, token: number, ttlMs: number): Promise<Lease> {
    const renewed = await this.pool.query<LeaseRow>(`UPDATE amp_dbt.locks SET expires_at = ${TTL}
      WHERE repo = $1 AND name = $2 AND token = $4 AND owner IS NOT NULL RETURNING ${LEASE_COLUMNS}`, [repo, name, ttlMs, token]);
    if (renewed.rows.length > 0) return lease(renewed.rows[0]);
    throw lockLostError(repo, name, token, (await this.live(repo, name))?.lease ?? null);
  }

  async release(repo: string, name: string, token: number): Promise<boolean> {
    const released = await this.pool.query(`UPDATE amp_dbt.locks SET owner = NULL, acquired_at = NULL, expires_at = NULL
      WHERE repo = $1 AND name = $2 AND token = $3 AND owner IS NOT NULL`, [repo, name, token]);
    return released.rowCount !== 0;
  }

  async checkFence(repo: string, name: string, token: number): Promise<void> {
    const result = await this.pool.query<{ token: string }>('SELECT token FROM amp_dbt.locks WHERE repo = $1 AND name = $2', [repo, name]);
    const current = result.rows.length === 0 ? 0 : int(result.rows[0].token);
    if (current > token) throw lockFencedError(repo, name, token, current);
  }

  async get(repo: string, name: string): Promise<Lease | null> {
    return (await this.live(repo, name))?.lease ?? null;
  }

  async list(repo: string): Promise<Lease[]> {
    const result = await this.pool.query<LeaseRow>(`SELECT ${LEASE_COLUMNS} FROM amp_dbt.locks
      WHERE repo = $1 AND owner IS NOT NULL AND expires_at > clock_timestamp() ORDER BY name COLLATE "C"`, [repo]);
    return result.rows.map(lease);
  }

  private async live(repo: string, name: string): Promise<{ lease: Lease; now: number } | null> {
    const result = await this.pool.query<LeaseRow & { now: Date }>(`SELECT ${LEASE_COLUMNS}, clock_timestamp() AS now
      FROM amp_dbt.locks WHERE repo = $1 AND name = $2 AND owner IS NOT NULL AND expires_at > clock_timestamp()`, [repo, name]);
    return result.rows.length === 0 ? null : { lease: lease(result.rows[0]), now: result.rows[0].now.getTime() };
  }
}
