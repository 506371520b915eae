import { parseDeclaredType, type DeclaredType } from './declared-type.js';
import { quoteIdentifier } from './quote-identifier.js';
import { sqlLiteral, type LiteralSpelling } from './sql-literal.js';
import type { SqlDialect } from './warehouse-adapter.js';

/** A SqlDialect from what differs between engines: column types, how literals are spelled, how a view is replaced. */
export function makeDialect(
  columnType: (declared: DeclaredType) => string, spelling: LiteralSpelling, replaceView: SqlDialect['replaceView'],
): SqlDialect {
  return {
    replaceView,
    quote: quoteIdentifier,
    relation: (schema, name) => `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`,
    columnType(declared) {
      const parsed = parseDeclaredType(declared);
      return parsed && columnType(parsed);
    },
    literal: (value, type) => sqlLiteral(value, type, spelling),
  };
}
