import type { WarehouseAdapter, WarehouseSession } from '../warehouse/warehouse-adapter.js';

/** The rows of a relation. */
export async function count(session: Pick<WarehouseSession, 'query'>, relation: string): Promise<number> {
  const result = await session.query(`SELECT count(*) AS n FROM ${relation}`);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * An incremental model's table is shared by every environment showing its version: two runs (two
 * environments, two processes) adding to it at once would both read it before either wrote, and add the
 * same rows twice. The lock (taken before the is_incremental() SQL reads the table) makes the second wait
 * for the first to commit; readers of the table are not blocked.
 */
export async function lockTable(adapter: WarehouseAdapter, s: WarehouseSession, target: string): Promise<void> {
  if (adapter.capabilities.lockTable) await s.execute(`LOCK TABLE ${target} IN SHARE ROW EXCLUSIVE MODE`);
}
