/**
 * Whether every value of a column of type `from` converts to type `to` without loss or error, so that
 * on_schema_change='sync_all_columns' may alter the column in place (ALTER COLUMN ... TYPE ... USING CAST):
 * a wider integer, decimal or string, an integer into a decimal with room for it, REAL to DOUBLE, DATE to
 * TIMESTAMP, and any type (but fixed-width CHARACTER(n), whose cast to text drops trailing blanks) to
 * unbounded text. Types as DuckDB and PostgreSQL name them (ColumnInfo.type: `INTEGER`, `NUMERIC(10,2)`,
 * `CHARACTER VARYING(20)`, `DOUBLE PRECISION`).
 */
export function isLosslessTypeChange(from: string, to: string): boolean {
  const [a, b] = [normalizeType(from), normalizeType(to)];
  if (a === b) return true;
  if (isUnboundedText(b)) return !/^(CHARACTER|CHAR|BPCHAR)(\(|$)/.test(a);
  const [textA, textB] = [textLength(a), textLength(b)];
  if (textA !== undefined && textB !== undefined) return textB >= textA;
  const [intA, intB] = [INTEGER_DIGITS.get(a), INTEGER_DIGITS.get(b)];
  if (intA !== undefined && intB !== undefined) return intB > intA;
  const decimalB = decimal(b);
  if (intA !== undefined && decimalB) return decimalB.unbounded || decimalB.precision - decimalB.scale >= intA;
  const decimalA = decimal(a);
  if (decimalA && decimalB) {
    if (decimalB.unbounded) return true;
    return !decimalA.unbounded && decimalB.scale >= decimalA.scale && decimalB.precision - decimalB.scale >= decimalA.precision - decimalA.scale;
  }
  if (REAL.has(a)) return DOUBLE.has(b);
  return a === 'DATE' && (b === 'TIMESTAMP' || b === 'TIMESTAMP WITHOUT TIME ZONE');
}

/** A type name compared across spellings: upper case, single spaces, no quotes (DuckDB quotes STRUCT fields in results only). */
export function normalizeType(type: string): string {
  return type.toUpperCase().replace(/"/g, '').replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').replace(/,/g, ', ').trim();
}

/** Integer types by the decimal digits their widest value has. */
const INTEGER_DIGITS = new Map([
  ['TINYINT', 3], ['INT1', 3], ['SMALLINT', 5], ['INT2', 5], ['INTEGER', 10], ['INT', 10], ['INT4', 10],
  ['BIGINT', 19], ['INT8', 19], ['HUGEINT', 39],
]);
const REAL = new Set(['REAL', 'FLOAT', 'FLOAT4']);
const DOUBLE = new Set(['DOUBLE', 'DOUBLE PRECISION', 'FLOAT8']);

function isUnboundedText(type: string): boolean {
  return type === 'TEXT' || type === 'VARCHAR' || type === 'CHARACTER VARYING' || type === 'STRING';
}

function textLength(type: string): number | undefined {
  const match = /^(?:VARCHAR|CHARACTER VARYING)\((\d+)\)$/.exec(type);
  return match ? Number(match[1]) : undefined;
}

function decimal(type: string): { precision: number; scale: number; unbounded: boolean } | undefined {
  if (type === 'NUMERIC') return { precision: 0, scale: 0, unbounded: true };
  const match = /^(?:DECIMAL|NUMERIC)\((\d+)(?:, (\d+))?\)$/.exec(type);
  return match ? { precision: Number(match[1]), scale: Number(match[2] ?? 0), unbounded: false } : undefined;
}
