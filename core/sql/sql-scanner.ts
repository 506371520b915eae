import { isDigit, isPlainWordStart, isSpace, isWordPartAt, isWordStartAt, wordEnd } from './sql-chars.js';

export type SqlTokenKind =
  | 'whitespace'
  | 'line_comment'
  | 'block_comment'
  | 'string'
  | 'quoted_identifier'
  | 'number'
  | 'word'
  | 'placeholder'
  | 'operator'
  | 'punct';

const PLACEHOLDER_OPEN = 0x27e6;
const PLACEHOLDER_CLOSE = '\u27e7';

/**
 * A single-pass, allocation-free SQL lexer: `next()` advances over one token and leaves its kind
 * and range in fields, so callers that only need positions (normalisation, splitting) build no
 * token objects. It never throws; an unterminated string, comment or placeholder runs to the end
 * of the text and sets `unterminated`.
 */
export class SqlScanner {
  kind: SqlTokenKind = 'whitespace';
  start = 0;
  end = 0;
  unterminated = false;

  /**
   * `lenient`: other dialects' readings where they differ from the standard's: a backslash escapes a quote
   * in a plain string (`'it\'s'`, as MySQL and BigQuery read it), and block comments do not nest.
   */
  constructor(readonly text: string, public pos = 0, private readonly lenient = false) {}

  /** Scan the next token; false at the end of the text. */
  next(): boolean {
    const { text, pos } = this;
    if (pos >= text.length) return false;
    this.start = pos;
    this.unterminated = false;
    const c = text.charCodeAt(pos);
    if (c === 32 && !isSpace(text.charCodeAt(pos + 1))) {
      this.kind = 'whitespace';
      this.end = this.pos = pos + 1;
    } else if (isPlainWordStart(c) && text.charCodeAt(pos + 1) !== 39) {
      this.kind = 'word';
      this.end = this.pos = wordEnd(text, pos);
    } else this.end = this.pos = this.scan(text, pos, c);
    return true;
  }

  /** The text of the current token. */
  get tokenText(): string {
    return this.text.slice(this.start, this.end);
  }

  private scan(text: string, i: number, c: number): number {
    switch (c) {
      case 45: // -
        return text.charCodeAt(i + 1) === 45 ? this.lineComment(text, i) : this.operator(text, i, c);
      case 47: // /
        return text.charCodeAt(i + 1) === 42 ? this.blockComment(text, i) : this.operator(text, i, c);
      case 39:
        return this.quoted(text, i, 39, 'string', this.lenient);
      case 34:
      case 96:
        return this.quoted(text, i, c, 'quoted_identifier', false);
      case 46: // .
        return isDigit(text.charCodeAt(i + 1)) ? this.number(text, i) : this.operator(text, i, c);
      case PLACEHOLDER_OPEN:
        return this.placeholder(text, i);
      case 36: // $
        return this.dollar(text, i);
      default:
        if (isSpace(c)) return this.whitespace(text, i);
        if (isDigit(c)) return this.number(text, i);
        if (isWordStartAt(text, i)) return this.wordOrPrefixedString(text, i, c);
        return this.operator(text, i, c);
    }
  }

  private whitespace(text: string, i: number): number {
    this.kind = 'whitespace';
    const length = text.length;
    let j = i + 1;
    while (j < length && isSpace(text.charCodeAt(j))) j++;
    return j;
  }

  private lineComment(text: string, i: number): number {
    this.kind = 'line_comment';
    const newline = text.indexOf('\n', i + 2);
    if (newline === -1) return text.length;
    return text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
  }

  private blockComment(text: string, i: number): number {
    this.kind = 'block_comment';
    let depth = 1;
    let j = i + 2;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 42 && text.charCodeAt(j + 1) === 47) {
        j += 2;
        if (--depth === 0) return j;
      } else if (c === 47 && text.charCodeAt(j + 1) === 42 && !this.lenient) {
        j += 2;
        depth++;
      } else j++;
    }
    this.unterminated = true;
    return text.length;
  }

  /** `'...'`, `"..."` or backticks; a doubled quote escapes itself, `backslash` also allows `\'`. */
  private quoted(text: string, i: number, quote: number, kind: SqlTokenKind, backslash: boolean): number {
    this.kind = kind;
    let j = i + 1;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (backslash && c === 92) j += 2;
      else if (c !== quote) j++;
      else if (text.charCodeAt(j + 1) === quote) j += 2;
      else return j + 1;
    }
    this.unterminated = true;
    return text.length;
  }

  private number(text: string, i: number): number {
    this.kind = 'number';
    let j = i;
    while (isDigit(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 46 && text.charCodeAt(j + 1) !== 46) {
      j++;
      while (isDigit(text.charCodeAt(j))) j++;
    }
    const e = text.charCodeAt(j) | 32;
    if (e === 101) {
      const sign = text.charCodeAt(j + 1);
      const k = sign === 43 || sign === 45 ? j + 2 : j + 1;
      if (isDigit(text.charCodeAt(k))) {
        j = k;
        while (isDigit(text.charCodeAt(j))) j++;
      }
    }
    return j;
  }

  private placeholder(text: string, i: number): number {
    this.kind = 'placeholder';
    const close = text.indexOf(PLACEHOLDER_CLOSE, i + 1);
    if (close !== -1) return close + 1;
    this.unterminated = true;
    return text.length;
  }

  /** `$tag$ ... $tag$` dollar quoting, or a lone `$` (e.g. the `$` of a `$1` parameter). */
  private dollar(text: string, i: number): number {
    const j = isWordStartAt(text, i + 1) ? dollarTagEnd(text, i + 1) : i + 1;
    if (text.charCodeAt(j) !== 36) {
      this.kind = 'punct';
      return i + 1;
    }
    this.kind = 'string';
    const tag = text.slice(i, j + 1);
    const close = text.indexOf(tag, j + 1);
    if (close !== -1) return close + tag.length;
    this.unterminated = true;
    return text.length;
  }

  /** An identifier, or a prefixed string: `E'..'` (backslash escapes), `N'..'`, `X'..'`, `B'..'`. */
  private wordOrPrefixedString(text: string, i: number, c: number): number {
    if (text.charCodeAt(i + 1) === 39) {
      const lower = c | 32;
      if (lower === 101) return this.quoted(text, i + 1, 39, 'string', true);
      if (lower === 110 || lower === 120 || lower === 98) return this.quoted(text, i + 1, 39, 'string', false);
    }
    this.kind = 'word';
    return wordEnd(text, i);
  }

  private operator(text: string, i: number, c: number): number {
    const d = text.charCodeAt(i + 1);
    const length = operatorLength(c, d, text.charCodeAt(i + 2));
    this.kind = length > 1 ? 'operator' : 'punct';
    if (length > 1) return i + length;
    return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? i + 2 : i + 1;
  }
}

/** Length of the multi-character operator (`::`, `<=`, `>=`, `<>`, `!=`, `||`, `->`, `->>`, `=>`) at a position, else 1. */
export function operatorLength(c: number, d: number, e: number): number {
  switch (c) {
    case 58: // :
      return d === 58 ? 2 : 1;
    case 60: // <
      return d === 61 || d === 62 ? 2 : 1;
    case 62: // >
    case 33: // !
      return d === 61 ? 2 : 1;
    case 61: // =
      return d === 62 ? 2 : 1;
    case 124: // |
      return d === 124 ? 2 : 1;
    case 45: // -
      return d === 62 ? (e === 62 ? 3 : 2) : 1;
    default:
      return 1;
  }
}

/** End of a dollar-quote tag: identifier characters except `$`. */
function dollarTagEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && text.charCodeAt(j) !== 36 && isWordPartAt(text, j)) j++;
  return j;
}
