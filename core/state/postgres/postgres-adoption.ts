import type pg from 'pg';
import { KEYED_TABLES, RECORD_TABLES } from '../repository-tables.js';
import { inTransaction } from './postgres-transaction.js';

const HAS_RECORDS = `SELECT ${RECORD_TABLES.map((table) => `EXISTS (SELECT 1 FROM amp_dbt.${table} WHERE repo = $1)`).join(' OR ')} AS recorded`;

/** Moving every record of one state key to another (StateStore.adoptRecords). */
export class PostgresAdoption {
  constructor(private readonly pool: pg.Pool) {}

  async adopt(from: string, to: string): Promise<boolean> {
    if (from === to || !await this.adoptable(this.pool, from, to)) return false;
    return inTransaction(this.pool, async (client) => {
      // One adoption of `to` at a time; checked again inside it (another process may have done it meanwhile).
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`amp-dbt adopt ${to}`]);
      if (!await this.adoptable(client, from, to)) return false;
      for (const table of KEYED_TABLES) await client.query(`UPDATE amp_dbt.${table} SET repo = $1 WHERE repo = $2`, [to, from]);
      return true;
    });
  }

  private async adoptable(db: pg.Pool | pg.PoolClient, from: string, to: string): Promise<boolean> {
    return !await this.recorded(db, to) && this.recorded(db, from);
  }

  private async recorded(db: pg.Pool | pg.PoolClient, key: string): Promise<boolean> {
    return (await db.query<{ recorded: boolean }>(HAS_RECORDS, [key])).rows[0].recorded;
  }
}
