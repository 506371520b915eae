import { AdapterError } from './adapter-error.js';
import { parseDeclaredType } from './declared-type.js';
import type { QueryValue } from './warehouse-adapter.js';

/** The few literals whose spelling differs between warehouses. */
export interface LiteralSpelling {
  /** A binary value from lower-case hex digits (no `0x`). */
  bytes(hex: string): string;
  /** A list from its elements' literals. */
  list(items: string[]): string;
}

/** `'text'` with embedded quotes doubled (both warehouses use standard-conforming strings). */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A SQL literal of column type `type` holding `value` (a QueryValue as the adapters read it back), so
 * writing a value and reading it again gives the same value: everything but NULL, booleans and binary is
 * written as a quoted string cast to the type, which parses numbers, decimals and timestamps exactly.
 */
export function sqlLiteral(value: QueryValue, type: string, spelling: LiteralSpelling): string {
  const declared = parseDeclaredType(type);
  if (value === null) return `CAST(NULL AS ${type})`;
  switch (declared?.kind) {
    case 'binary':
      if (typeof value === 'string' && /^0x([0-9a-f]{2})*$/i.test(value)) return spelling.bytes(value.slice(2).toLowerCase());
      throw cannotWrite(value, type, `binary values are written as '0x' followed by an even number of hex digits`);
    case 'list': {
      if (!Array.isArray(value)) throw cannotWrite(value, type, 'list columns take arrays');
      const elementType = type.trim().slice(0, -2);
      return `CAST(${spelling.list(value.map((item) => sqlLiteral(item, elementType, spelling)))} AS ${type})`;
    }
    case 'json':
      return `CAST(${quoteString(typeof value === 'string' ? value : JSON.stringify(value))} AS ${type})`;
    case 'boolean':
      if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
      break;
  }
  if (typeof value === 'object') throw cannotWrite(value, type, 'only list and JSON columns take arrays and objects');
  return `CAST(${quoteString(typeof value === 'number' ? numberText(value) : String(value))} AS ${type})`;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

function cannotWrite(value: QueryValue, type: string, why: string): AdapterError {
  const shown = JSON.stringify(value);
  return new AdapterError('unsupported-type', `cannot write ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown} as a ${type} literal: ${why}`, {
    hint: 'pass the value as the adapters read it back (see QueryValue)',
  });
}
