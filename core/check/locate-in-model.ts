import type { RenderedModel } from '../compile/compiled-model.js';
import { locateRef } from '../compile/render-model.js';
import type { ModelFile } from '../project/project-types.js';
import { positionAt } from '../util/text-position.js';
import type { BinderError } from './binder-error.js';

type Location = { file: string; line: number; column: number };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Offsets of `identifier` as a whole word (bare or double-quoted) outside `--` comment lines. */
function occurrences(content: string, identifier: string): number[] {
  const word = new RegExp(`(?<![\\w$])"?${escapeRe(identifier)}"?(?![\\w$])`, 'gi');
  const out: number[] = [];
  for (const match of content.matchAll(word)) {
    const lineStart = content.lastIndexOf('\n', match.index - 1) + 1;
    const before = content.slice(lineStart, match.index);
    if (before.includes('--') || before.trimStart().startsWith('{#')) continue;
    out.push(match.index);
  }
  return out;
}

/** The line of `text` holding `offset`, trimmed. */
function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? undefined : end).trim();
}

/**
 * Where in the model's own file a binder error belongs. DuckDB points into the compiled SQL, which Jinja
 * and ephemeral CTEs make differ from the file, so: the identifier it names, found in the file (the
 * occurrence whose line reads like the compiled line the error points at, else the first one); else the
 * ref to the parent whose relation is on that compiled line (else the first ref); else line 1.
 */
export function locateInModel(file: ModelFile, model: RenderedModel, error: BinderError, compiledLine: string | undefined, refSql: (name: string) => string): Location {
  const at = (offset: number): Location => ({ file: file.path, ...positionAt(file.content, offset) });
  if (error.identifier) {
    const found = occurrences(file.content, error.identifier);
    const wanted = compiledLine?.trim();
    const same = wanted ? found.find((offset) => lineAt(file.content, offset) === wanted) : undefined;
    if (same !== undefined) return at(same);
    if (found.length) return at(found[0]);
  }
  const onLine = compiledLine ? model.refs.find((name) => compiledLine.includes(refSql(name))) : undefined;
  const parent = onLine ?? model.refs[0];
  if (parent) return locateRef(file, model, parent);
  return { file: file.path, line: 1, column: 1 };
}
