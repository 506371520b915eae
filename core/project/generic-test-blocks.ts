import { positionAt } from '../util/text-position.js';
import type { MacroFile } from './project-types.js';

/*
 * dbt's generic test blocks, `{% test name(model, column_name) %} ... {% endtest %}`, read as the macros dbt
 * makes of them: `test_<name>`. Macro files are read through this, so both render paths know them; only the
 * lines of the tags change (`{% test x(` is `{% macro test_x(`, 6 characters longer; `endtest` is `endmacro`,
 * 1 longer): positions in a file's content are given in the file as written with writtenPosition.
 */

const OPENING = /\{%(-?)(\s*)test(\s+)([A-Za-z_]\w*)/g;
const CLOSING = /\{%(-?)(\s*)endtest(\s*-?%\})/g;

export function genericTestsAsMacros(content: string): string {
  if (!content.includes('test')) return content;
  return content.replace(OPENING, '{%$1$2macro$3test_$4').replace(CLOSING, '{%$1$2endmacro$3');
}

/** A macro file read from `text`: its content with test blocks as macros, and the text as written when that differs. */
export function macroFile(path: string, text: string): MacroFile {
  const content = genericTestsAsMacros(text);
  return content === text ? { path, content } : { path, content, written: text };
}

/** Where `offset` in a macro file's content is in the file as written (a rewritten part of a tag: the tag's start). */
export function writtenPosition(file: MacroFile, offset: number): { line: number; column: number } {
  if (file.written === undefined) return positionAt(file.content, offset);
  const edits = [...file.written.matchAll(OPENING)].map((m) => ({ at: m.index, length: m[0].length, added: 'macrotest_'.length - 'test'.length }))
    .concat([...file.written.matchAll(CLOSING)].map((m) => ({ at: m.index, length: m[0].length, added: 'endmacro'.length - 'endtest'.length })))
    .sort((a, b) => a.at - b.at);
  let shift = 0;
  for (const { at, length, added } of edits) {
    if (at + shift >= offset) break;
    if (offset < at + shift + length + added) return positionAt(file.written, at);
    shift += added;
  }
  return positionAt(file.written, offset - shift);
}
