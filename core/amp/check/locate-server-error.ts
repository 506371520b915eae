import type { ModelFile } from '../../project/project-types.js';
import { positionAt } from '../../util/text-position.js';
import { blankNonSql } from '../../compile/blank-non-sql.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Identifiers a server message names: quoted ones ('x', "x", `x`) and `named x` / `column x`. */
function namedIdentifiers(message: string): string[] {
  const out: string[] = [];
  for (const m of message.matchAll(/['"`]([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?)['"`]/g)) out.push(m[1]);
  for (const m of message.matchAll(/\b(?:named|column|field|function)\s+([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?)/gi)) out.push(m[1]);
  return out;
}

/**
 * Where in the model's file a server error belongs: the first identifier the message names that occurs
 * in the file's SQL (Jinja blanked out; for `a.b` the last part), else line 1. The server points into SQL
 * amp-dbt rendered, which differs from the file, so its own positions are not used.
 */
export function locateServerError(file: ModelFile | undefined, path: string, message: string): { file: string; line: number; column: number } {
  if (file) {
    const text = blankNonSql(file.content);
    for (const name of namedIdentifiers(message)) {
      const last = name.split('.').pop()!;
      const found = new RegExp(`(?<![\\w$])${escapeRe(last)}(?![\\w$])`).exec(text);
      if (found) return { file: path, ...positionAt(file.content, found.index) };
    }
  }
  return { file: path, line: 1, column: 1 };
}
