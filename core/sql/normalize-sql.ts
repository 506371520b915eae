import { Buffer } from 'node:buffer';
import { normalizeSqlByScanner } from './normalize-sql-by-scanner.js';
import { ascii, DIGIT, SPACE, WORD_PART, WORD_START } from './sql-chars.js';
import { operatorLength } from './sql-scanner.js';

/**
 * Canonical text for fingerprinting: comments dropped, every other token (strings, quoted
 * identifiers and placeholders verbatim) joined by one space. Comment and whitespace edits give
 * the same text; any change to a token gives a different one.
 *
 * It runs for every model of every compile, so this is a fused copy of the SqlScanner's token
 * rules working on UTF-16 code units in a typed array (copied in and out natively: far cheaper
 * than charCodeAt and string building). It covers SQL whose code, outside strings, comments,
 * quoted identifiers and placeholders, is ASCII; any other character hands the whole text to
 * normalizeSqlByScanner, the reference, whose output it matches (see the differential tests).
 */
export function normalizeSql(sql: string): string {
  return normalizeAscii(sql) ?? normalizeSqlByScanner(sql);
}

const OPEN = 0x27e6;
const CLOSE = 0x27e7;

/** Reused between calls: the input at [0, length), the output after it (at most twice as long). */
let memory = Buffer.allocUnsafeSlow(1 << 16);
let units = new Uint16Array(memory.buffer, 0, memory.length >> 1);

/** The normalised text, or undefined when the code holds a character only the full scanner handles. */
function normalizeAscii(sql: string): string | undefined {
  const length = sql.length;
  if (units.length < 3 * length + 2) {
    memory = Buffer.allocUnsafeSlow(6 * length + 1024);
    units = new Uint16Array(memory.buffer, 0, memory.length >> 1);
  }
  const src = units;
  memory.write(sql, 0, 'utf16le');
  src[length] = 0; // a sentinel: look-ahead past the end reads a character no rule accepts
  const base = length + 1;
  let n = base;
  let i = 0;
  while (i < length) {
    const c = src[i];
    let end: number;
    if (c < 128) {
      const kind = ascii[c];
      if ((kind & SPACE) !== 0) {
        i++;
        continue;
      }
      if ((kind & WORD_START) !== 0) end = wordEnd(src, i, c, length);
      else if ((kind & DIGIT) !== 0) end = numberEnd(src, i);
      else {
        const d = src[i + 1];
        if (c === 45 && d === 45) { // -- comment, up to the newline
          const newline = src.indexOf(10, i + 2);
          i = newline < 0 || newline >= length ? length : newline;
          continue;
        }
        if (c === 47 && d === 42) { // /* comment */, nested
          i = blockCommentEnd(src, i, length);
          continue;
        }
        if (c === 39 || c === 34 || c === 96) end = quotedEnd(src, i, c, length);
        else if (c === 46 && d >= 48 && d <= 57) end = numberEnd(src, i);
        else if (c === 36) end = dollarEnd(sql, src, i);
        else end = i + operatorLength(c, d, i + 2 < length ? src[i + 2] : NaN);
      }
    } else if (c === OPEN) end = indexOrEnd(src, CLOSE, i + 1, length) + 1;
    else return undefined;
    if (end < 0) return undefined;
    if (n > base) src[n++] = 32;
    if (end - i > 32) {
      src.copyWithin(n, i, end); // a call per token costs more than it saves on short ones
      n += end - i;
    } else {
      for (let j = i; j < end; j++) src[n++] = src[j];
    }
    i = end;
  }
  return memory.toString('utf16le', 2 * base, 2 * n);
}

/** Position of `unit` at or after `from` before `length`, else the last position (length - 1). */
function indexOrEnd(src: Uint16Array, unit: number, from: number, length: number): number {
  const at = src.indexOf(unit, from);
  return at < 0 || at >= length ? length - 1 : at;
}

/** A word, or a prefixed string `E'..'` (backslash escapes), `N'..'`, `X'..'`, `B'..'`; -1 at a non-ASCII word character. */
function wordEnd(src: Uint16Array, i: number, c: number, length: number): number {
  if (src[i + 1] === 39) {
    const lower = c | 32;
    if (lower === 101) return backslashQuotedEnd(src, i + 1, length);
    if (lower === 110 || lower === 120 || lower === 98) return quotedEnd(src, i + 1, 39, length);
  }
  let j = i + 1;
  while (j < length) {
    const d = src[j];
    if (d >= 128) return d === OPEN || d === CLOSE ? j : -1;
    if ((ascii[d] & WORD_PART) === 0) return j;
    j++;
  }
  return j;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Digits, a fraction (not `..`), an exponent; the sentinel stops every loop at the end. */
function numberEnd(src: Uint16Array, i: number): number {
  let j = i;
  while (isDigit(src[j])) j++;
  if (src[j] === 46 && src[j + 1] !== 46) {
    j++;
    while (isDigit(src[j])) j++;
  }
  if ((src[j] | 32) === 101) {
    const sign = src[j + 1];
    const k = sign === 43 || sign === 45 ? j + 2 : j + 1;
    if (isDigit(src[k])) {
      j = k;
      while (isDigit(src[j])) j++;
    }
  }
  return j;
}

/** `'..'`, `".."` or backticks: a doubled quote escapes itself; unterminated runs to the end. */
function quotedEnd(src: Uint16Array, i: number, quote: number, length: number): number {
  let from = i + 1;
  for (;;) {
    const at = src.indexOf(quote, from);
    if (at < 0 || at >= length) return length;
    if (src[at + 1] !== quote || at + 1 >= length) return at + 1;
    from = at + 2;
  }
}

/** `E'..'` from its quote: `\` escapes the next character, a doubled quote escapes itself. */
function backslashQuotedEnd(src: Uint16Array, i: number, length: number): number {
  let j = i + 1;
  while (j < length) {
    const c = src[j];
    if (c === 92) j += 2;
    else if (c !== 39) j++;
    else if (j + 1 < length && src[j + 1] === 39) j += 2;
    else return j + 1;
  }
  return length;
}

function blockCommentEnd(src: Uint16Array, i: number, length: number): number {
  let depth = 1;
  let j = i + 2;
  while (j < length) {
    const c = src[j];
    if (c === 42 && src[j + 1] === 47) {
      j += 2;
      if (--depth === 0) return j;
    } else if (c === 47 && src[j + 1] === 42) {
      j += 2;
      depth++;
    } else j++;
  }
  return length;
}

/** `$tag$ ... $tag$` (or `$$ ... $$`), else a lone `$`; -1 at a non-ASCII character in a tag. */
function dollarEnd(sql: string, src: Uint16Array, i: number): number {
  let j = i + 1;
  const first = src[j];
  if (first >= 128) return -1;
  if ((ascii[first] & WORD_START) !== 0) {
    for (; j < sql.length; j++) {
      const d = src[j];
      if (d >= 128) return -1;
      if (d === 36 || (ascii[d] & WORD_PART) === 0) break;
    }
  }
  if (j >= sql.length || src[j] !== 36) return i + 1;
  const tag = sql.slice(i, j + 1);
  const close = sql.indexOf(tag, j + 1);
  return close < 0 ? sql.length : close + tag.length;
}
