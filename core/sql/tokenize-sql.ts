import { SqlScanner, type SqlTokenKind } from './sql-scanner.js';

export type { SqlTokenKind } from './sql-scanner.js';

export interface SqlToken {
  kind: SqlTokenKind;
  text: string;
  /** Character offset of the token in the input. */
  start: number;
  /** Set on a string, comment, quoted identifier or placeholder that runs to the end of the input. */
  unterminated?: true;
}

/**
 * Split SQL into tokens that, concatenated, give back the input exactly. Never throws:
 * unterminated strings and comments run to the end and are flagged `unterminated`.
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const scanner = new SqlScanner(sql);
  while (scanner.next()) {
    const token: SqlToken = { kind: scanner.kind, text: scanner.tokenText, start: scanner.start };
    if (scanner.unterminated) token.unterminated = true;
    tokens.push(token);
  }
  return tokens;
}

/** The first string, comment, quoted identifier or placeholder left open at the end of `sql`, if any. */
export function findUnterminated(sql: string): SqlToken | null {
  const scanner = new SqlScanner(sql);
  while (scanner.next()) {
    if (scanner.unterminated) return { kind: scanner.kind, text: scanner.tokenText, start: scanner.start, unterminated: true };
  }
  return null;
}
