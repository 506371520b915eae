/**
 * What DuckDB says when a view does not bind, taken apart: its first line, the identifier it names, and
 * where (`LINE n:` and the caret under it). DuckDB's messages are the only place this is written down,
 * so every field is optional and the caller falls back when one is missing.
 */
export interface BinderError {
  /** The first line, without the `Binder Error: ` prefix and the trailing `!`. */
  summary: string;
  kind: 'column' | 'table' | 'function' | 'syntax' | 'other';
  /** The column, table, function or token named. */
  identifier?: string;
  /** 1-based line in the statement that was run. */
  line?: number;
  /** 1-based column of the caret on that line. */
  column?: number;
  /** DuckDB's own suggestions (`Candidate bindings: "block_hash"`). */
  candidates: string[];
}

const patterns: Array<[BinderError['kind'], RegExp]> = [
  ['column', /Referenced column "((?:[^"]|"")+)" not found/],
  ['column', /does not have a column named "((?:[^"]|"")+)"/],
  ['column', /column "((?:[^"]|"")+)"/i],
  ['table', /Table with name "?([^"\s!]+)"? does not exist/],
  ['function', /Function with name "?([^"\s!]+)"? does not exist/],
  ['syntax', /syntax error at or near "((?:[^"]|"")+)"/],
  ['syntax', /syntax error at (end of input)/],
];

/** Parses DuckDB's error text (also when another message wraps it). */
export function parseBinderError(text: string): BinderError {
  const firstLine = text.split('\n', 1)[0];
  const summary = firstLine.replace(/^.*?\b(?:Binder|Catalog|Parser|Conversion) Error:\s*/, '').replace(/!\s*$/, '');
  let kind: BinderError['kind'] = 'other';
  let identifier: string | undefined;
  for (const [k, pattern] of patterns) {
    const match = pattern.exec(text);
    if (match) {
      kind = k;
      identifier = match[1].replace(/""/g, '"');
      break;
    }
  }
  const candidates = [...(/Candidate bindings:([^\n]*)/.exec(text)?.[1] ?? '').matchAll(/"((?:[^"]|"")+)"/g)].map((m) => m[1]);
  const located = /^LINE (\d+):( ?)(.*)\n( *)\^/m.exec(text);
  if (!located) return { summary, kind, identifier, candidates };
  const prefix = `LINE ${located[1]}:${located[2]}`.length;
  return { summary, kind, identifier, line: Number(located[1]), column: Math.max(1, located[4].length - prefix + 1), candidates };
}
