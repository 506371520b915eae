import { CLOSE, OPEN } from './placeholders.js';

/** What a placeholder reads as, from the text between its brackets; undefined leaves it as written. */
export type ResolveBody = (body: string) => string | undefined;

/**
 * Canonical SQL with its placeholders resolved, without a trailing semicolon and without blank
 * leading lines, so it can sit inside a CTE (stripTrailingSemicolon of the resolved text).
 *
 * This runs for every model of a compile, so the trimming is worked out on the canonical text and
 * the result is built in one pass. That is the same as trimming the resolved text because a
 * placeholder is never blank and every replacement starts and ends with a quote (quoted names
 * do); a replacement that does not is handled the plain way.
 */
export function resolveTargetText(sql: string, resolve: ResolveBody): string {
  let end = sql.trimEnd().length;
  if (sql.charCodeAt(end - 1) === 59) end = sql.slice(0, end - 1).trimEnd().length; // ;
  let start = 0;
  for (let i = 0; i < end; i++) {
    const c = sql.charCodeAt(i);
    if (c === 10) start = i + 1;
    else if (c !== 32 && c !== 9 && c !== 13) break;
  }
  return replaceBetween(sql, start, end, resolve, true) ?? stripTrailingSemicolon(replaceBetween(sql, 0, sql.length, resolve, false)!);
}

/** Placeholders in [start, end) replaced; undefined when `quoted` and a replacement is not quoted at both ends. */
function replaceBetween(sql: string, start: number, end: number, resolve: ResolveBody, quoted: boolean): string | undefined {
  let out = '';
  let at = start;
  let open = sql.indexOf(OPEN, start);
  while (open >= 0 && open < end) {
    const close = sql.indexOf(CLOSE, open + 1);
    if (close < 0 || close >= end) break;
    const text = resolve(sql.slice(open + 1, close));
    if (text !== undefined) {
      if (quoted && !(text.length > 1 && text.charCodeAt(0) === 34 && text.charCodeAt(text.length - 1) === 34)) return undefined;
      out += sql.slice(at, open) + text;
      at = close + 1;
    }
    open = sql.indexOf(OPEN, close + 1);
  }
  return out + sql.slice(at, end);
}

/** Without a trailing semicolon and surrounding blank lines. */
function stripTrailingSemicolon(sql: string): string {
  let text = sql.trimEnd();
  if (text.endsWith(';')) text = text.slice(0, -1).trimEnd();
  const firstLine = text.indexOf('\n');
  return firstLine >= 0 && text.slice(0, firstLine).trim() === '' ? text.replace(/^[ \t\r]*\n(?:[ \t\r]*\n)*/, '') : text;
}
