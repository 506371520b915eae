import { parseDeclaredType, type DeclaredType } from './declared-type.js';
import { quoteIdentifier } from './quote-identifier.js';
import { sqlLiteral, type LiteralSpelling } from './sql-literal.js';
import type { SqlDialect } from './warehouse-adapter.js';

/** A SqlDialect from what differs between engines: column types and how literals are spelled. */
export function makeDialect(columnType: (declared: DeclaredType) => string, spelling: LiteralSpelling): SqlDialect {
  return {
    quote: quoteIdentifier,
    relation: (schema, name) => `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`,
    columnType(declared) {
      const parsed = parseDeclaredType(declared);
      return parsed && columnType(parsed);
    },
    literal: (value, type) => sqlLiteral(value, type, spelling),
  };
}
