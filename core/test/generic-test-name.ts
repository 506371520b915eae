import { ExactInteger } from '../util/exact-integer.js';

/**
 * dbt's name for a generic test: `<test>_<attached to>_<arguments>`. Arguments are taken in key order,
 * lists and mappings flattened, each value cleaned to `[0-9A-Za-z_]` and joined with `__`, so
 * `relationships` on fct_transfers.block_num to ref('stg_blocks') is
 * `relationships_fct_transfers_block_num__block_num__ref_stg_blocks_`. Source tests start with `source_`.
 */
export function genericTestName(test: string, attachedTo: string, args: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    const values = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [value];
    for (const part of values) parts.push(pythonText(part).replace(/[^0-9a-zA-Z_]+/g, '_'));
  }
  return `${test}_${attachedTo}_${parts.join('__')}`;
}

/** Values spelled as dbt (Python) prints them, so names match dbt's: `True`, `False`, `None`. */
function pythonText(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  return typeof value === 'object' && !(value instanceof ExactInteger) ? JSON.stringify(value) : String(value);
}

/** Names made unique in order: a second `unique_orders_id` becomes `unique_orders_id_2`. */
export function uniqueNames<T extends { name: string }>(items: T[]): T[] {
  const seen = new Map<string, number>();
  for (const item of items) {
    const count = (seen.get(item.name) ?? 0) + 1;
    seen.set(item.name, count);
    if (count > 1) item.name = `${item.name}_${count}`;
  }
  return items;
}
