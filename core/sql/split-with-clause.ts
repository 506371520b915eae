import { SqlCursor } from './sql-cursor.js';

export interface CommonTableExpression {
  /** The CTE name; a quoted name is unquoted. */
  name: string;
  /** The full source text: `name [(cols)] AS [[NOT] MATERIALIZED] ( ... )`. */
  text: string;
  start: number;
  end: number;
}

export interface WithClause {
  recursive: boolean;
  ctes: CommonTableExpression[];
  /** The main query after the last CTE (leading whitespace removed). */
  body: string;
  bodyStart: number;
}

/**
 * Split a statement that starts (after whitespace and comments) with a top-level `WITH [RECURSIVE]`
 * into its CTEs and main query. Null when there is no leading WITH or the clause is malformed.
 */
export function splitWithClause(sql: string): WithClause | null {
  const cursor = new SqlCursor(sql);
  if (!cursor.next() || !cursor.isWord('with')) return null;
  cursor.next();
  const recursive = cursor.isWord('recursive');
  if (recursive) cursor.next();
  const ctes: CommonTableExpression[] = [];
  for (;;) {
    const cte = readCte(cursor);
    if (cte === null) return null;
    ctes.push(cte);
    cursor.next();
    if (!cursor.isPunct(',')) break;
    cursor.next();
  }
  const bodyStart = skipWhitespace(sql, ctes[ctes.length - 1].end);
  return { recursive, ctes, body: sql.slice(bodyStart), bodyStart };
}

/** One `name [(cols)] AS [[NOT] MATERIALIZED] ( ... )`, the cursor on its name; ends on the closing paren. */
function readCte(cursor: SqlCursor): CommonTableExpression | null {
  if (cursor.kind !== 'word' && cursor.kind !== 'quoted_identifier') return null;
  const start = cursor.start;
  const name = cursor.kind === 'word' ? cursor.text : unquote(cursor.text);
  cursor.next();
  if (cursor.isPunct('(')) {
    if (cursor.skipGroup() < 0) return null;
    cursor.next();
  }
  if (!cursor.isWord('as')) return null;
  cursor.next();
  if (cursor.isWord('not')) cursor.next();
  if (cursor.isWord('materialized')) cursor.next();
  if (!cursor.isPunct('(')) return null;
  const end = cursor.skipGroup();
  if (end < 0) return null;
  return { name, text: cursor.sql.slice(start, end), start, end };
}

function unquote(quoted: string): string {
  const quote = quoted[0];
  return quoted.slice(1, -1).split(quote + quote).join(quote);
}

function skipWhitespace(sql: string, i: number): number {
  while (i < sql.length && /\s/.test(sql[i])) i++;
  return i;
}
