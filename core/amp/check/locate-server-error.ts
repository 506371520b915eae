import type { ModelFile } from '../../project/project-types.js';
import { positionAt } from '../../util/text-position.js';
import { blankNonSql } from '../../compile/blank-non-sql.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Words after `function`, `column`... that are the message's English, not the identifier (`Function with name f`). */
const NOT_NAMES = new Set(['with', 'name', 'named', 'of', 'in', 'is', 'not', 'does', 'the', 'a', 'an', 'for', 'to']);

/** Identifiers a server message names: quoted ones ('x', "x", `x`) and `name x` / `named x` / `column x` / `function x`. */
function namedIdentifiers(message: string): string[] {
  const out: string[] = [];
  for (const m of message.matchAll(/['"`]([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?)['"`]/g)) out.push(m[1]);
  for (const m of message.matchAll(/\b(?:named|name|column|field|function|table)\s+([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?)/gi)) {
    if (!NOT_NAMES.has(m[1].toLowerCase())) out.push(m[1]);
  }
  return out;
}

/**
 * Where in the model's file a server error belongs: the first identifier the message names that occurs
 * in the file's SQL (Jinja blanked out; for `a.b` the last part), else line 1. The server points into SQL
 * amp-dbt rendered, which differs from the file, so its own positions are not used.
 */
export function locateServerError(file: ModelFile | undefined, path: string, message: string): { file: string; line: number; column: number } {
  return { file: path, ...(serverErrorPosition(file, message) ?? { line: 1, column: 1 }) };
}

/** The position locateServerError finds in the file, or null when the message names nothing the file holds. */
export function serverErrorPosition(file: ModelFile | undefined, message: string): { line: number; column: number } | null {
  if (!file) return null;
  for (const name of namedIdentifiers(message)) {
    const found = identifierPosition(file, name);
    if (found) return found;
  }
  return null;
}

/** Where the file's SQL (Jinja blanked out) first writes `name` (for `a.b`, its last part) as a whole word, or null. */
export function identifierPosition(file: ModelFile, name: string): { line: number; column: number } | null {
  const last = name.split('.').pop()!;
  const found = new RegExp(`(?<![\\w$])${escapeRe(last)}(?![\\w$])`).exec(blankNonSql(file.content));
  return found ? positionAt(file.content, found.index) : null;
}
