import type { Diagnostics } from '../errors.js';
import type { SourceDefinition, SourceTable } from '../project/project-types.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';

/** Source tables that could not be created: `source.table` -> why (the check skips models reading them). */
export type UndeclaredSources = Map<string, string>;

/** Why a table's columns cannot be declared, or undefined when every column has a data_type. */
function missingTypes(table: SourceTable): string | undefined {
  if (table.columns.length === 0) return 'declares no columns';
  const untyped = table.columns.filter((c) => !c.data_type).map((c) => c.name);
  if (untyped.length) return `declares no data_type for ${untyped.map((n) => `'${n}'`).join(', ')}`;
  return undefined;
}

/**
 * Creates every declared source table, empty, in its schema (and its database, attached in memory), with
 * columns typed from `data_type`; a type the warehouse does not know is an error at the column. Tables
 * without typed columns are not created: the models reading them cannot be checked.
 */
export async function declareSources(
  warehouse: WarehouseAdapter, sources: Map<string, { source: SourceDefinition; table: SourceTable }>, diagnostics: Diagnostics,
): Promise<UndeclaredSources> {
  const { dialect } = warehouse;
  const undeclared: UndeclaredSources = new Map();
  const schemas = new Set<string>();
  const databases = new Set<string>();
  for (const [key, { source, table }] of sources) {
    const why = missingTypes(table);
    if (why) {
      undeclared.set(key, `source '${key}' ${why}`);
      continue;
    }
    const columns: string[] = [];
    for (const column of table.columns) {
      const type = dialect.columnType(column.data_type!);
      if (type === undefined) {
        diagnostics.error('unknown-data-type', `column '${column.name}' of source '${key}' has data_type '${column.data_type}', which the type check does not know`,
          column.location, 'use an Arrow type as Amp reports it (UInt64, Utf8, FixedSizeBinary(32), Timestamp(Nanosecond, +00:00)) or a SQL type (bigint, varchar)');
      } else columns.push(`${dialect.quote(column.name)} ${type}`);
    }
    if (columns.length < table.columns.length) {
      undeclared.set(key, `source '${key}' has a column of unknown type`);
      continue;
    }
    const prefix = source.database ? `${dialect.quote(source.database)}.` : '';
    if (source.database && !databases.has(source.database)) {
      databases.add(source.database);
      await warehouse.execute(`ATTACH ':memory:' AS ${dialect.quote(source.database)}`);
    }
    const schemaKey = `${source.database ?? ''}\u0000${source.schema}`;
    if (!schemas.has(schemaKey)) {
      schemas.add(schemaKey);
      await warehouse.execute(`CREATE SCHEMA IF NOT EXISTS ${prefix}${dialect.quote(source.schema)}`);
    }
    try {
      await warehouse.execute(`CREATE TABLE ${prefix}${dialect.relation(source.schema, table.identifier)} (${columns.join(', ')})`);
    } catch (error) {
      undeclared.set(key, `source '${key}' could not be created (${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)})`);
    }
  }
  return undeclared;
}
