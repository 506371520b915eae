import { isPlainWordStart, isWordPartAt, isWordStartAt, wordEnd } from '../sql/sql-chars.js';
import { SqlScanner } from '../sql/sql-scanner.js';
import { didYouMean } from '../util/did-you-mean.js';
import { DirectiveStack } from './directive-stack.js';
import { checkCommentAfterHeader, parseHeaderComment } from './parse-header-pragma.js';
import { reportUnknownReference } from './parse-import-pragma.js';
import { DIRECTIVES, parseDirectiveLine } from './parse-directive-line.js';
import type { PragmaParseState } from './pragma-parse-state.js';

/**
 * One pass over a pragma model: header pragmas, directive lines and `:alias` references, building
 * `state.parsed.nodes` (text ranges, references and `#if` blocks). It walks characters and hands
 * strings, comments, quoted identifiers and placeholders to the SQL scanner to skip whole, so a
 * `:`, `#` or `--` inside them is never seen.
 */
export class PragmaModelScanner {
  private readonly skipper: SqlScanner;
  private readonly stack: DirectiveStack;
  private readonly content: string;
  private pos = 0;
  private emitFrom = 0;
  private inHeader = true;

  constructor(private readonly state: PragmaParseState) {
    this.content = state.content;
    this.skipper = new SqlScanner(state.content);
    this.stack = new DirectiveStack(state.parsed.nodes);
  }

  run(): void {
    const { content } = this;
    const length = content.length;
    this.lineStart();
    while (this.pos < length) {
      const c = content.charCodeAt(this.pos);
      if (c < 128 && PASSED[c] === 1) this.pos++;
      else this.step(c);
    }
    this.flush(length);
    for (const offset of this.stack.unclosed()) {
      this.state.report('unbalanced-directive', '#if is never closed', offset, 'add #endif after the lines it guards');
    }
  }

  private step(c: number): void {
    const i = this.pos;
    switch (c) {
      case 10: // \n
        this.pos = i + 1;
        this.lineStart();
        return;
      case 58: // :
        this.colon(i);
        return;
      case 39: case 34: case 96: case 36: case 0x27e6: // ' " ` $ ⟦
        this.skipToken(i);
        return;
      case 45: case 47: { // -- and /*
        const next = this.content.charCodeAt(i + 1);
        if (next === (c === 45 ? 45 : 42)) this.skipToken(i);
        else this.pos = i + 1;
        return;
      }
      default:
        if (c < 128 ? isPlainWordStart(c) : isWordStartAt(this.content, i)) this.word(i, c);
        else this.pos = i + 1;
    }
  }

  /** An identifier, or a prefixed string such as `E'..'`. */
  private word(i: number, c: number): void {
    if (isStringPrefix(this.content, i, c)) this.skipToken(i);
    else this.pos = wordEnd(this.content, i);
  }

  private skipToken(i: number): void {
    const { skipper } = this;
    skipper.pos = i;
    skipper.next();
    this.pos = skipper.end;
  }

  /** A `:` followed by an identifier is a reference unless it is part of `::` or written right after an operand (`arr[1:n]`). */
  private colon(i: number): void {
    const { content } = this;
    if (content.charCodeAt(i + 1) === 58) {
      this.pos = i + 2;
      return;
    }
    const start = i + 1;
    if (blocksReference(content, i - 1) || !isWordStartAt(content, start) || isStringPrefix(content, start, content.charCodeAt(start))) {
      this.pos = start;
      return;
    }
    this.pos = wordEnd(content, start);
    this.reference(i, this.pos);
  }

  private reference(colon: number, end: number): void {
    const alias = this.content.slice(colon + 1, end);
    if (alias !== 'this' && !this.state.aliases.has(alias)) {
      reportUnknownReference(this.state, alias, colon);
      return;
    }
    this.flush(colon);
    this.stack.body.push({ kind: 'reference', start: colon, end, alias });
    this.emitFrom = end;
  }

  /** At the start of a line: a directive, a comment line (header pragmas), a blank line, or SQL (ends the header). */
  private lineStart(): void {
    const { content } = this;
    let q = this.pos;
    let c = content.charCodeAt(q);
    while (c === 32 || c === 9) c = content.charCodeAt(++q);
    this.pos = q;
    if (c === 35 && this.directive(q)) return;
    if (c === 45 && content.charCodeAt(q + 1) === 45) {
      this.comment(q);
      return;
    }
    if (c !== 10 && c !== 13 && !Number.isNaN(c)) this.inHeader = false;
  }

  /** A comment line starting at `start`: pragmas in the header are read and their line dropped. */
  private comment(start: number): void {
    const end = lineEnd(this.content, start);
    this.pos = end;
    if (!this.inHeader) checkCommentAfterHeader(this.state, start, end);
    else if (parseHeaderComment(this.state, start, end)) this.dropLine(start);
  }

  /** A `#` first on its line; true when it was a directive line (dropped). */
  private directive(hash: number): boolean {
    const { content } = this;
    if (!isWordStartAt(content, hash + 1)) return false;
    const keywordEnd = wordEnd(content, hash + 1);
    const keyword = content.slice(hash + 1, keywordEnd);
    const known = DIRECTIVES.includes(keyword);
    const suggestion = known ? '' : didYouMean(keyword, DIRECTIVES);
    if (!known && !suggestion) return false;
    this.inHeader = false;
    this.dropLine(hash);
    if (known) {
      parseDirectiveLine(this.state, this.stack, keyword, hash, content.slice(keywordEnd, lineEnd(content, hash)), keywordEnd);
    } else {
      this.state.report('invalid-directive', `unknown directive '#${keyword}'`, hash, `${suggestion.replace("'", "'#")} directives are #if, #elif, #else and #endif`);
    }
    return true;
  }

  /** Leave out the whole line holding `offset`, its newline included; text before it is flushed first. */
  private dropLine(offset: number): void {
    const { content } = this;
    this.flush(content.lastIndexOf('\n', offset - 1) + 1);
    const newline = content.indexOf('\n', offset);
    this.pos = newline === -1 ? content.length : newline;
    this.emitFrom = newline === -1 ? content.length : newline + 1;
  }

  private flush(to: number): void {
    if (to > this.emitFrom) this.stack.body.push({ kind: 'text', start: this.emitFrom, end: to });
    if (to > this.emitFrom) this.emitFrom = to;
  }
}

/**
 * ASCII characters `step` only steps over (not a newline, `:`, quote, `$`, `-`, `/` or a word start): the
 * run loop passes them itself, so most characters cost no call.
 */
const PASSED = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const special = c === 10 || c === 58 || c === 39 || c === 34 || c === 96 || c === 36 || c === 45 || c === 47;
  PASSED[c] = special || isPlainWordStart(c) ? 0 : 1;
}

/** Characters that, written right before a `:`, make it a slice, cast or key rather than a reference. */
function blocksReference(content: string, i: number): boolean {
  if (i < 0) return false;
  switch (content.charCodeAt(i)) {
    case 39: case 34: case 96: case 0x27e7: // ' " ` ⟧
    case 41: case 93: case 91: // ) ] [
    case 58: case 46: // : .
      return true;
    default:
      return isWordPartAt(content, i);
  }
}

/** `E'`, `N'`, `X'` or `B'` starting a string. */
function isStringPrefix(content: string, i: number, c: number): boolean {
  if (content.charCodeAt(i + 1) !== 39) return false;
  const lower = c | 32;
  return lower === 101 || lower === 110 || lower === 120 || lower === 98;
}

/** End of the line holding `offset`, before any `\r\n`. */
function lineEnd(content: string, offset: number): number {
  const newline = content.indexOf('\n', offset);
  if (newline === -1) return content.length;
  return content.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
}
