import { SqlScanner } from '../../../sql/sql-scanner.js';

/** One `X'..'` literal: its range in the SQL and its hex digits. */
export interface HexLiteral {
  start: number;
  end: number;
  hex: string;
}

/**
 * Amp (DataFusion) reads `X'00ff'` as binary, which is how models compare addresses and hashes
 * (`from_address = x'0000...'`). DuckDB reads it as the text `x00ff`, so such a comparison is silently
 * false. These are the literals to rewrite as `from_hex('00ff')`; strings, identifiers and comments that
 * merely contain `x'..'` are not literals.
 */
export function findHexLiterals(sql: string): HexLiteral[] {
  const scanner = new SqlScanner(sql);
  const literals: HexLiteral[] = [];
  while (scanner.next()) {
    if (scanner.kind !== 'string' || scanner.unterminated) continue;
    const text = scanner.tokenText;
    if ((text[0] === 'x' || text[0] === 'X') && /^[xX]'[0-9a-fA-F]*'$/.test(text)) {
      literals.push({ start: scanner.start, end: scanner.end, hex: text.slice(2, -1) });
    }
  }
  return literals;
}
