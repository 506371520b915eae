import type { RelationInfo, WarehouseAdapter, WarehouseSession } from '../warehouse/warehouse-adapter.js';

/** Where a seed's new rows are built before they replace the table: same schema, so a rename can swap it in. */
export const stagingName = (identifier: string) => `${identifier}__amp_dbt_new`;

/** A relation's columns as `[lower-case name, type]` pairs, in order. */
async function shapeOf(session: WarehouseSession, relation: string): Promise<string[]> {
  const { columns } = await session.query(`SELECT * FROM ${relation} LIMIT 0`);
  return columns.map((c) => JSON.stringify([c.name.toLowerCase(), c.type.toUpperCase()]));
}

/**
 * Inside the seed's transaction, puts the staging table (already filled) in place of `existing`.
 * When the old table has the same columns and types, its rows are replaced in place, so views built on it
 * (an environment over a source, which PostgreSQL ties to the table itself) keep working. So they do when
 * the file gained columns at its end and `columns` (the staging table's, with their types as DDL) is given:
 * the new columns are added to the old table first. Otherwise the old relation is dropped and the staging
 * table renamed. Either way the change is visible only at COMMIT.
 */
export async function replaceTable(
  session: WarehouseSession, adapter: WarehouseAdapter, schema: string, identifier: string, existing: RelationInfo | undefined,
  columns?: ReadonlyArray<{ name: string; targetType: string }>,
): Promise<void> {
  const { dialect } = adapter;
  const final = dialect.relation(schema, identifier);
  const staged = dialect.relation(schema, stagingName(identifier));
  if (existing?.kind === 'table') {
    const [before, after] = [await shapeOf(session, final), await shapeOf(session, staged)];
    const grown = columns !== undefined && columns.length === after.length && after.length > before.length && before.every((c, i) => c === after[i]);
    if (grown) {
      for (const column of columns.slice(before.length)) await session.execute(`ALTER TABLE ${final} ADD COLUMN ${dialect.quote(column.name)} ${column.targetType}`);
    }
    if (grown || before.join() === after.join()) {
      await session.execute(`DELETE FROM ${final}`);
      await session.execute(`INSERT INTO ${final} SELECT * FROM ${staged}`);
      await session.execute(`DROP TABLE ${staged}`);
      return;
    }
  }
  if (existing) await session.execute(`DROP ${existing.kind === 'view' ? 'VIEW' : 'TABLE'} ${final}`);
  await session.execute(`ALTER TABLE ${staged} RENAME TO ${dialect.quote(identifier)}`);
}
