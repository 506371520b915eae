import { LiteralParseError } from './literal-parse-error.js';

export { LiteralParseError } from './literal-parse-error.js';

export interface CallArguments {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/**
 * The inside of a call such as `config(materialized='table', tags=['a'], n=1.5)`: positional then
 * keyword arguments whose values are Jinja/Python literals. Throws LiteralParseError with the offset.
 */
export function parseCallArguments(text: string): CallArguments {
  const parser = new LiteralParser(text);
  const result = parser.callArguments();
  parser.expectEnd();
  return result;
}

/** One Jinja/Python literal: string, number, boolean, none/null, list, tuple (as array) or dict. */
export function parseLiteral(text: string): unknown {
  const parser = new LiteralParser(text);
  parser.skipSpace();
  if (parser.atEnd()) throw new LiteralParseError('expected a value', parser.pos);
  const value = parser.value();
  parser.expectEnd();
  return value;
}

const CONSTANTS: Record<string, unknown> = {
  true: true, True: true, false: false, False: false, none: null, None: null, null: null,
};

const NUMBER = /[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/y;

const CLOSERS: Record<string, string> = { '[': ']', '(': ')', '{': '}' };

const ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '',
};

const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;

class LiteralParser {
  pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return;
      this.pos++;
    }
  }

  expectEnd(): void {
    this.skipSpace();
    if (!this.atEnd()) throw this.error(`unexpected '${this.text[this.pos]}'`);
  }

  error(message: string, offset = this.pos, hint?: string): LiteralParseError {
    return new LiteralParseError(message, offset, { hint: hint ?? null });
  }

  callArguments(): CallArguments {
    const result: CallArguments = { args: [], kwargs: {} };
    this.skipSpace();
    while (!this.atEnd()) {
      this.argument(result);
      this.skipSpace();
      if (this.atEnd()) break;
      if (this.text[this.pos] !== ',') throw this.error(`expected ',' between arguments, found '${this.text[this.pos]}'`);
      this.pos++;
      this.skipSpace();
    }
    return result;
  }

  private argument(result: CallArguments): void {
    const start = this.pos;
    const name = this.keywordName();
    if (name === null) {
      if (Object.keys(result.kwargs).length > 0) throw this.error('positional argument follows keyword argument', start);
      result.args.push(this.value());
      return;
    }
    if (Object.hasOwn(result.kwargs, name)) throw this.error(`keyword argument '${name}' repeated`, start);
    this.skipSpace();
    result.kwargs[name] = this.value();
  }

  /** `name =` (not `==`) at the cursor: consumes it and returns the name; otherwise leaves the cursor. */
  private keywordName(): string | null {
    const { text } = this;
    const start = this.pos;
    if (!isIdentStart(text.charCodeAt(start))) return null;
    let j = start + 1;
    while (isIdentPart(text.charCodeAt(j))) j++;
    let k = j;
    while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) k++;
    if (text[k] !== '=' || text[k + 1] === '=') return null;
    this.pos = k + 1;
    return text.slice(start, j);
  }

  value(): unknown {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === undefined) throw this.error('expected a value');
    if (ch === "'" || ch === '"') return this.string();
    if (ch === '[' || ch === '(') return this.sequence(ch);
    if (ch === '{') return this.dict();
    const c = this.text.charCodeAt(this.pos);
    if (isDigit(c) || ch === '-' || ch === '+' || ch === '.') return this.number();
    if (isIdentStart(c)) return this.constant();
    throw this.error(`unexpected '${ch}'`);
  }

  private string(): string {
    const { text } = this;
    const quote = text[this.pos];
    const start = this.pos;
    let out = '';
    let from = ++this.pos;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === quote) {
        out += text.slice(from, this.pos++);
        return out;
      }
      if (ch === '\\') {
        out += text.slice(from, this.pos) + this.escape();
        from = this.pos;
      } else this.pos++;
    }
    throw this.error('unterminated string', start, `close it with ${quote}`);
  }

  /** The escape at the cursor (a backslash); Python keeps unknown escapes as written. */
  private escape(): string {
    const { text } = this;
    const next = text[this.pos + 1] ?? '';
    if (next === 'x' || next === 'u') {
      const length = next === 'x' ? 2 : 4;
      const hex = text.slice(this.pos + 2, this.pos + 2 + length);
      if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw this.error(`invalid \\${next} escape`);
      this.pos += 2 + length;
      return String.fromCharCode(parseInt(hex, 16));
    }
    this.pos += 2;
    return Object.hasOwn(ESCAPES, next) ? ESCAPES[next] : '\\' + next;
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) throw this.error(`expected a number, found '${this.text[this.pos]}'`);
    const end = this.pos + match[0].length;
    if (isIdentPart(this.text.charCodeAt(end))) throw this.error(`invalid number '${this.text.slice(this.pos, end + 1)}'`);
    this.pos = end;
    return Number(match[0].replace(/_/g, ''));
  }

  private constant(): unknown {
    const { text } = this;
    const start = this.pos;
    while (isIdentPart(text.charCodeAt(this.pos))) this.pos++;
    const word = text.slice(start, this.pos);
    if (Object.hasOwn(CONSTANTS, word)) return CONSTANTS[word];
    throw this.error(`unexpected name '${word}'`, start, `quote it if it is a string: '${word}'`);
  }

  private sequence(open: string): unknown[] {
    const items: unknown[] = [];
    this.items(open, () => items.push(this.value()));
    return items;
  }

  private dict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.items('{', () => {
      const keyStart = this.pos;
      const key = this.value();
      if (typeof key !== 'string') throw this.error('dictionary keys must be strings', keyStart, "quote the key: {'key': value}");
      this.skipSpace();
      if (this.text[this.pos] !== ':') throw this.error("expected ':' after a dictionary key");
      this.pos++;
      out[key] = this.value();
    });
    return out;
  }

  /** Comma-separated items up to the matching closer, trailing comma allowed. */
  private items(open: string, item: () => void): void {
    const start = this.pos++;
    const close = CLOSERS[open];
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) throw this.error(`unclosed '${open}'`, start, `add the closing '${close}'`);
      if (this.text[this.pos] === close) break;
      item();
      this.skipSpace();
      const ch = this.text[this.pos];
      if (ch === ',') this.pos++;
      else if (ch !== close) throw this.error(ch === undefined ? `unclosed '${open}'` : `expected ',' or '${close}', found '${ch}'`, ch === undefined ? start : this.pos);
    }
    this.pos++;
  }
}
