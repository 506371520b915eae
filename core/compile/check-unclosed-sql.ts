import type { Diagnostics, ErrorLocation } from '../errors.js';
import type { MacroFile, ModelFile } from '../project/project-types.js';
import { findUnclosed, type Unclosed } from '../sql/find-unclosed.js';
import { positionAt } from '../util/text-position.js';
import { writtenPosition } from '../project/generic-test-blocks.js';
import { blankTemplate } from './blank-non-sql.js';
import { macroNamesIn } from './written-at.js';

/** What a model's renderings are checked with. */
export interface UnclosedSqlInput {
  model: ModelFile;
  /** The model's rendered SQL: full, and incremental when it has one. */
  renderings: ReadonlyArray<string | undefined>;
  macros: readonly MacroFile[];
  /** Macros the rendering called, in order of first use. */
  usedMacros: readonly string[];
}

/**
 * A string literal, block comment or quoted identifier the model's SQL never closes (see findUnclosed) is an
 * error at compile time, instead of the warehouse's at run time: at its opening in the model's file (Jinja and
 * pragma directives blanked, both branches of each `if` read), else in the body of a macro the model called,
 * else at the model with the rendered SQL's line. False after reporting it.
 */
export function checkUnclosedSql(input: UnclosedSqlInput, diagnostics: Diagnostics): boolean {
  let rendered: Unclosed | null = null;
  for (const sql of input.renderings) rendered ??= sql === undefined ? null : findUnclosed(sql);
  if (rendered === null) return true;
  const { model } = input;
  const inModel = findUnclosed(blankTemplate(model.content));
  const inMacro = inModel ? undefined : findInMacros(input);
  const found = inModel ? { open: inModel, location: { file: model.path, ...positionAt(model.content, inModel.start) }, written: model.content.slice(inModel.start) } : inMacro;
  const { code, what, hint } = describe(found?.open ?? rendered);
  if (found) {
    const where = inMacro ? ` (in macro '${inMacro.macro}', which '${model.name}' calls)` : '';
    diagnostics.error(code, `${what} opened here${where} is never closed: ${preview(found.written)}`, found.location, hint);
  } else {
    const sql = input.renderings.find((text) => text !== undefined && findUnclosed(text) !== null)!;
    const line = positionAt(sql, rendered.start).line;
    diagnostics.error(code, `the SQL '${model.name}' renders has a ${what} that is never closed: ${preview(rendered.text)} (line ${line} of the rendered SQL)`,
      { file: model.path, line: 1, column: 1 }, `${hint}; an expression or a macro of the model writes its opening`);
  }
  return false;
}

/** The first unclosed opening in the body of a macro the model used (a macro file may define several). */
function findInMacros(input: UnclosedSqlInput): { open: Unclosed; location: ErrorLocation; written: string; macro: string } | undefined {
  for (const macro of input.usedMacros) {
    for (const file of input.macros) {
      if (!macroNamesIn(file.content).includes(macro)) continue;
      const body = macroBody(file.content, macro);
      const open = body && findUnclosed(blankTemplate(file.content.slice(body.start, body.end)));
      if (!body || !open) continue;
      const offset = body.start + open.start;
      return { open, location: { file: file.path, ...writtenPosition(file, offset) }, written: file.content.slice(offset), macro };
    }
  }
  return undefined;
}

/** Where the body of `{% macro name(...) %} ... {% endmacro %}` lies in a macro file. */
function macroBody(content: string, name: string): { start: number; end: number } | undefined {
  const open = new RegExp(`\\{%-?\\s*macro\\s+${name}\\b[\\s\\S]*?%\\}`).exec(content);
  if (!open) return undefined;
  const start = open.index + open[0].length;
  const close = /\{%-?\s*endmacro\b/.exec(content.slice(start));
  return { start, end: close ? start + close.index : content.length };
}

function describe(open: Unclosed): { code: string; what: string; hint: string } {
  if (open.kind === 'block_comment') return { code: 'unterminated-comment', what: 'block comment', hint: 'close it with */' };
  if (open.kind === 'quoted_identifier') return { code: 'unterminated-identifier', what: 'quoted identifier', hint: 'close it with "' };
  const dollar = /^\$\w*\$/.exec(open.text);
  if (dollar) return { code: 'unterminated-string', what: 'dollar-quoted string', hint: `close it with ${dollar[0]}` };
  return { code: 'unterminated-string', what: 'string literal', hint: "close it with ' (a quote inside a string is written twice: 'it''s')" };
}

/** The opening and what follows it on its line (as written), at most 24 characters. */
function preview(text: string): string {
  const line = text.split('\n', 1)[0].trimEnd();
  return line.length > 24 ? `${line.slice(0, 24)}…` : line;
}
