import { internName } from './intern-name.js';
import { decline } from './lite-decline.js';
import { pythonStringLiteral, StringEscapeError } from '../python-string-literal.js';

/**
 * Token kinds, as nunjucks' lexer produces them (whitespace inside tags is skipped here: the
 * nunjucks parser never asks for it).
 */
export type TokenType =
  | 'data' | 'comment'
  | 'block-start' | 'block-end' | 'variable-start' | 'variable-end'
  | 'string' | 'int' | 'float' | 'boolean' | 'none' | 'symbol'
  | 'operator' | 'left-paren' | 'right-paren' | 'left-bracket' | 'right-bracket'
  | 'left-curly' | 'right-curly' | 'comma' | 'colon' | 'tilde' | 'pipe' | 'regex';

export interface Token {
  type: TokenType;
  value: string;
}

const CH_LBRACE = 123; // {
const CH_RBRACE = 125; // }
const CH_PERCENT = 37; // %
const CH_HASH = 35; // #
const CH_MINUS = 45; // -
const CH_DOT = 46; // .
const CH_BACKSLASH = 92;
const CH_DQUOTE = 34;
const CH_SQUOTE = 39;

/** nunjucks' whitespace inside tags: " \n\t\r\xA0" (not JavaScript's \s). */
function isTagSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;
}

/** nunjucks' delimiter characters: ()[]{}%*-+~/#,:|.<>=! */
const DELIMS = new Uint8Array(128);
for (const ch of '()[]{}%*-+~/#,:|.<>=!') DELIMS[ch.charCodeAt(0)] = 1;
const isDelim = (c: number) => c < 128 && DELIMS[c] === 1;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Tokens are never mutated, so punctuation and tag delimiters are shared objects. */
const SHARED: Record<string, Token> = {};
for (const [value, type] of [
  ['(', 'left-paren'], [')', 'right-paren'], ['[', 'left-bracket'], [']', 'right-bracket'], ['{', 'left-curly'],
  ['}', 'right-curly'], [',', 'comma'], [':', 'colon'], ['~', 'tilde'], ['|', 'pipe'],
  ['%', 'operator'], ['*', 'operator'], ['-', 'operator'], ['+', 'operator'], ['/', 'operator'], ['#', 'operator'],
  ['.', 'operator'], ['<', 'operator'], ['>', 'operator'], ['=', 'operator'], ['!', 'operator'],
  ['==', 'operator'], ['!=', 'operator'], ['<=', 'operator'], ['>=', 'operator'], ['//', 'operator'], ['**', 'operator'],
  ['===', 'operator'], ['!==', 'operator'],
] as const) SHARED[value] = { type, value };
const BLOCK_START: Token = { type: 'block-start', value: '{%' };
const BLOCK_START_TRIM: Token = { type: 'block-start', value: '{%-' };
const VARIABLE_START: Token = { type: 'variable-start', value: '{{' };
const VARIABLE_START_TRIM: Token = { type: 'variable-start', value: '{{-' };
const BLOCK_END: Token = { type: 'block-end', value: '%}' };
const BLOCK_END_TRIM: Token = { type: 'block-end', value: '-%}' };
const VARIABLE_END: Token = { type: 'variable-end', value: '}}' };
const VARIABLE_END_TRIM: Token = { type: 'variable-end', value: '-}}' };

/** nunjucks' two-character operators: == != <= >= // ** (then === and !==). */
function isComplex(c: number, d: number): boolean {
  return (d === 61 /* = */ && (c === 61 || c === 33 || c === 60 || c === 62)) || (c === d && (c === 47 || c === 42));
}

/**
 * nunjucks' tokenizer (default tags, trimBlocks/lstripBlocks off), one token at a time.
 * Declines (throws LiteDecline) where nunjucks' lexer throws.
 */
export class LiteLexer {
  private index = 0;
  private inCode = false;
  /** Position of the next `#}` at or after some earlier index; -2: not searched yet. */
  private hashClose = -2;
  /**
   * `{` opened and not yet closed in the current tag: while there are any, `}}` is two closing braces, as in
   * Jinja2 (`{{ config(meta={'owner': {'team': 'x'}}) }}`), not the end of the tag.
   */
  private openCurlies = 0;

  constructor(private readonly src: string) {}

  next(): Token | null {
    return this.inCode ? this.codeToken() : this.textToken();
  }

  private textToken(): Token | null {
    const src = this.src;
    const at = this.index;
    if (at >= src.length) return null;
    if (src.charCodeAt(at) === CH_LBRACE) {
      const c = src.charCodeAt(at + 1);
      if (c === CH_PERCENT || c === CH_LBRACE) {
        const dash = src.charCodeAt(at + 2) === CH_MINUS;
        this.index = at + (dash ? 3 : 2);
        this.inCode = true;
        this.openCurlies = 0;
        if (c === CH_PERCENT) return dash ? BLOCK_START_TRIM : BLOCK_START;
        return dash ? VARIABLE_START_TRIM : VARIABLE_START;
      }
      if (c === CH_HASH) {
        const end = src.indexOf('#}', at + 2);
        if (end < 0) decline('unterminated comment');
        this.index = end + 2;
        return { type: 'comment', value: src.slice(at, end + 2) };
      }
    }
    // Text runs to the next `{%`, `{{` or `{#`.
    let tagStart = src.length;
    for (let from = at; ;) {
      const brace = src.indexOf('{', from);
      if (brace < 0 || brace + 1 >= src.length) break;
      const c = src.charCodeAt(brace + 1);
      if (c === CH_PERCENT || c === CH_LBRACE || c === CH_HASH) {
        tagStart = brace;
        break;
      }
      from = brace + 1;
    }
    // nunjucks throws "unexpected end of comment" on a `#}` in text.
    if (this.hashClose !== -1 && this.hashClose < at) this.hashClose = src.indexOf('#}', at);
    if (this.hashClose >= 0 && this.hashClose < tagStart) decline('`#}` outside a comment');
    this.index = tagStart;
    return { type: 'data', value: src.slice(at, tagStart) };
  }

  private codeToken(): Token | null {
    const src = this.src;
    const len = src.length;
    let i = this.index;
    while (i < len && isTagSpace(src.charCodeAt(i))) i++;
    this.index = i;
    if (i >= len) return null;
    const c = src.charCodeAt(i);
    if (c === CH_DQUOTE || c === CH_SQUOTE) return { type: 'string', value: this.stringLiteral(c) };
    const c1 = src.charCodeAt(i + 1);
    const c2 = src.charCodeAt(i + 2);
    if (c === CH_PERCENT && c1 === CH_RBRACE) return this.endTag(BLOCK_END);
    if (c === CH_MINUS && c1 === CH_PERCENT && c2 === CH_RBRACE) return this.endTag(BLOCK_END_TRIM);
    if (c === CH_RBRACE && c1 === CH_RBRACE && this.openCurlies === 0) return this.endTag(VARIABLE_END);
    if (c === CH_MINUS && c1 === CH_RBRACE && c2 === CH_RBRACE && this.openCurlies === 0) return this.endTag(VARIABLE_END_TRIM);
    if (c === 114 /* r */ && c1 === 47 /* / */) return this.regexLiteral();
    if (isDelim(c)) {
      let end = i + 1;
      if (end < len && isComplex(c, c1)) {
        end++;
        if (c2 === 61 /* = */ && c1 === 61 && (c === 61 || c === 33)) end++; // === !==
      }
      this.index = end;
      if (c === CH_LBRACE) this.openCurlies++;
      else if (c === CH_RBRACE && this.openCurlies > 0) this.openCurlies--;
      return SHARED[src.slice(i, end)];
    }
    let end = i + 1;
    while (end < len) {
      const d = src.charCodeAt(end);
      if (isTagSpace(d) || isDelim(d)) break;
      end++;
    }
    const word = src.slice(i, end);
    this.index = end;
    if (isDigits(word) && src.charCodeAt(end) !== CH_DOT) return { type: 'int', value: word };
    if (isDigit(word.charCodeAt(0))) {
      // Jinja's number literals, as nunjucks-numbers.ts reads them: `1.5`, `1.`, `1e3`, `1.5e-3`, `1_000`.
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(src)![0];
      if (i + number.length >= end) {
        this.index = i + number.length;
        const float = number.includes('.') || number.includes('e') || number.includes('E');
        return { type: float ? 'float' : 'int', value: number.replaceAll('_', '') };
      }
    }
    if (word === 'true' || word === 'false') return { type: 'boolean', value: word };
    if (word === 'none' || word === 'null') return { type: 'none', value: word };
    return { type: 'symbol', value: internName(word) };
  }

  /**
   * Just after `{{`: a bare name, or a call whose arguments are plain quoted strings (no escapes), then `}}`:
   * the shape of nearly every `ref(...)`, `source(...)`, `var(...)` in a model. Reads it as the token-by-token
   * path would and returns the name and arguments (null: not a call); undefined, with nothing read, for
   * anything else.
   */
  simpleOutput(): { name: string; args: string[] | null } | undefined {
    const src = this.src;
    let i = skipTagSpace(src, this.index);
    const start = i;
    if (!isNameStart(src.charCodeAt(i))) return undefined;
    while (isNamePart(src.charCodeAt(++i)));
    const name = internName(src.slice(start, i));
    // The name must be a whole symbol token: it ends at a tag space or a delimiter.
    const after = src.charCodeAt(i);
    if (!(isTagSpace(after) || after === 40 || after === CH_RBRACE) || name === 'true' || name === 'false' || name === 'none' || name === 'null') {
      return undefined;
    }
    i = skipTagSpace(src, i);
    let args: string[] | null = null;
    if (src.charCodeAt(i) === 40) { // (
      args = [];
      i = skipTagSpace(src, i + 1);
      while (src.charCodeAt(i) !== 41) { // )
        if (args.length > 0) {
          if (src.charCodeAt(i) !== 44) return undefined; // ,
          i = skipTagSpace(src, i + 1);
        }
        const quote = src.charCodeAt(i);
        if (quote !== CH_SQUOTE && quote !== CH_DQUOTE) return undefined;
        const close = src.indexOf(quote === CH_SQUOTE ? "'" : '"', i + 1);
        if (close < 0) return undefined;
        for (let k = i + 1; k < close; k++) if (src.charCodeAt(k) === CH_BACKSLASH) return undefined;
        args.push(src.slice(i + 1, close));
        i = skipTagSpace(src, close + 1);
      }
      i = skipTagSpace(src, i + 1);
    }
    if (src.charCodeAt(i) !== CH_RBRACE || src.charCodeAt(i + 1) !== CH_RBRACE) return undefined;
    this.index = i + 2;
    this.inCode = false;
    return { name, args };
  }

  private endTag(tok: Token): Token {
    this.index += tok.value.length;
    this.inCode = false;
    return tok;
  }

  /** `r/body/flags`, kept only so a skipped macro tokenizes as under nunjucks; the parser declines it. */
  private regexLiteral(): Token {
    const src = this.src;
    let i = this.index + 2;
    while (i < src.length) {
      const c = src.charCodeAt(i++);
      if (c === 47 /* / */ && src.charCodeAt(i - 2) !== CH_BACKSLASH) break;
    }
    while (i < src.length && 'gimy'.includes(src[i])) i++;
    const value = src.slice(this.index, i);
    this.index = i;
    return { type: 'regex', value };
  }

  /**
   * A quoted string, with Python's escapes (python-string-literal.ts; one Jinja2 rejects is left to nunjucks, which
   * reports it), and the literals written after it with only whitespace between joined to it (`"a" "b"` is `ab`).
   */
  private stringLiteral(quote: number): string {
    const src = this.src;
    let value = '';
    for (;;) {
      const start = this.index + 1;
      let i = start;
      while (i < src.length && src.charCodeAt(i) !== quote) i += src.charCodeAt(i) === CH_BACKSLASH ? 2 : 1;
      const body = src.slice(start, Math.min(i, src.length));
      try {
        value += pythonStringLiteral(body);
      } catch (error) {
        if (error instanceof StringEscapeError) decline(error.message);
        throw error;
      }
      this.index = i + 1;
      const next = skipTagSpace(src, this.index);
      quote = src.charCodeAt(next);
      if (quote !== CH_DQUOTE && quote !== CH_SQUOTE) return value;
      this.index = next;
    }
  }
}

function skipTagSpace(src: string, i: number): number {
  while (isTagSpace(src.charCodeAt(i))) i++;
  return i;
}

const isNameStart = (c: number) => c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNamePart = (c: number) => isNameStart(c) || isDigit(c);

const NUMBER = /\d(?:_?\d)*(?:\.\d*)?(?:[eE][+-]?\d(?:_?\d)*)?/y;

function isDigits(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (!isDigit(word.charCodeAt(i))) return false;
  return word.length > 0;
}
