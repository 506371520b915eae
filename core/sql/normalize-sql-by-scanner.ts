import { SqlScanner } from './sql-scanner.js';

/**
 * The reference normalisation, on the full SqlScanner: comments dropped, every other token joined by
 * one space. normalizeSql (normalize-sql.ts) is a faster copy of it for plain ASCII SQL and falls back
 * here for anything else; the differential tests hold the two to the same output.
 *
 * Tokens already separated by exactly one space are copied as one run, so most of the text is
 * copied in a few slices rather than token by token.
 */
export function normalizeSqlByScanner(sql: string): string {
  const scanner = new SqlScanner(sql);
  let out = '';
  let runStart = -1;
  let runEnd = -1;
  while (scanner.next()) {
    const { kind, start, end } = scanner;
    if (kind === 'whitespace' || kind === 'line_comment' || kind === 'block_comment') continue;
    if (start === runEnd + 1 && sql.charCodeAt(runEnd) === 32) {
      runEnd = end;
      continue;
    }
    if (runStart >= 0) out += out.length === 0 ? sql.slice(runStart, runEnd) : ' ' + sql.slice(runStart, runEnd);
    runStart = start;
    runEnd = end;
  }
  if (runStart >= 0) out += out.length === 0 ? sql.slice(runStart, runEnd) : ' ' + sql.slice(runStart, runEnd);
  return out;
}
