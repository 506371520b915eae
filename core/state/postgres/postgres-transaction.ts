import type pg from 'pg';
import { absorbClientErrors } from '../../util/absorb-client-errors.js';

/** Runs `fn` in a transaction on one pooled connection: commit on success, roll back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const stopAbsorbing = absorbClientErrors(client);
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is dropped from the pool, not reused.
    await client.query('ROLLBACK').catch(() => { broken = true; });
    throw error;
  } finally {
    stopAbsorbing();
    client.release(broken);
  }
}

/** ISO text of a timestamptz column (pg returns Dates). */
export function iso(value: Date): string;
export function iso(value: Date | null): string | null;
export function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/** A bigint column (pg returns int8 as text). */
export function int(value: string | number): number;
export function int(value: string | number | null): number | null;
export function int(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}
