import { SqlScanner } from './sql-scanner.js';

/** A string literal, block comment or double-quoted identifier that is never closed. */
export interface Unclosed {
  kind: 'string' | 'block_comment' | 'quoted_identifier';
  /** Character offset of its opening (`'`, `E'`, `$$`, `/*`, `"`). */
  start: number;
  /** From its opening to the end of the text. */
  text: string;
}

/**
 * The string literal (`'..'`, `E'..'`, `$tag$..$tag$`), block comment or double-quoted identifier left open at
 * the end of `sql`: one the warehouse would reject. Only reported when it is open in the standard's reading
 * (doubled quotes, nested comments) and in the lenient one (a backslash escaping a quote, comments that do
 * not nest) too, so SQL valid in some dialect is never rejected. Null when everything is closed.
 */
export function findUnclosed(sql: string): Unclosed | null {
  // Most models' SQL has no quote and no block comment: nothing to scan (an index search is far cheaper).
  if (!MAY_OPEN.test(sql)) return null;
  const strict = lastOpen(sql, false);
  return strict !== null && lastOpen(sql, true) !== null ? strict : null;
}

/** What every opening reported begins with: `'` (also of `E'`), `$` (of `$$`), `/*`, `"`. */
const MAY_OPEN = /['"$]|\/\*/;

/** The last token, when it runs to the end unclosed and is of a kind reported. */
function lastOpen(sql: string, lenient: boolean): Unclosed | null {
  const scanner = new SqlScanner(sql, 0, lenient);
  while (scanner.next()) {
    if (!scanner.unterminated) continue;
    const { kind, start } = scanner;
    if (kind === 'string' || kind === 'block_comment' || (kind === 'quoted_identifier' && sql.charCodeAt(start) === 34)) {
      return { kind, start, text: sql.slice(start) };
    }
    return null;
  }
  return null;
}
