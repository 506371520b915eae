import { didYouMean } from '../util/did-you-mean.js';
import { parseConfigPragma } from './parse-config-pragma.js';
import { parseImportPragma } from './parse-import-pragma.js';
import type { PragmaParseState } from './pragma-parse-state.js';

const PRAGMA = /^--[ \t]*@([A-Za-z_][\w-]*)[ \t]*(:?)/;
const PRAGMA_WITH_COLON = /^--[ \t]*@([A-Za-z_][\w-]*)[ \t]*:/;
const KNOWN = ['config', 'import'];

/**
 * A header comment line from `start` to `end`: a `@config` / `@import` pragma (returns true, the
 * line is dropped from the SQL) or a plain comment (kept, and part of the description).
 */
export function parseHeaderComment(state: PragmaParseState, start: number, end: number): boolean {
  const line = state.content.slice(start, end);
  const match = PRAGMA.exec(line);
  if (!match) {
    state.descriptionLines.push(line.slice(2).trim());
    return false;
  }
  const [whole, word, colon] = match;
  const at = start + whole.indexOf('@');
  if (!KNOWN.includes(word)) {
    const suggestion = didYouMean(word, KNOWN);
    state.report('unknown-pragma', `unknown pragma '@${word}'`, at,
      `${suggestion ? suggestion.replace("'", "'@") + ' ' : ''}header pragmas are @config and @import`);
    return false;
  }
  if (!colon) {
    state.report('invalid-pragma', `expected ':' after '@${word}'`, at + word.length + 1, `write -- @${word}: ...`);
    return false;
  }
  const valueOffset = start + whole.length;
  const value = state.content.slice(valueOffset, end);
  if (word === 'config') parseConfigPragma(state, value, valueOffset, at);
  else parseImportPragma(state, value, valueOffset);
  return true;
}

/** A `-- @word:` comment line after the header is an error: pragmas only count in the header. */
export function checkCommentAfterHeader(state: PragmaParseState, start: number, end: number): void {
  const match = PRAGMA_WITH_COLON.exec(state.content.slice(start, end));
  if (!match) return;
  state.report('pragma-outside-header', `'@${match[1]}' is only read in the header`, start + match[0].indexOf('@'),
    'move it into the header: the comment lines at the top of the file, before any SQL');
}
