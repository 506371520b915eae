import { ascii, WORD_PART, WORD_START } from './sql-chars.js';

/**
 * Where SQL tokens end, for normalizeSql's fast path: the SqlScanner's rules again, on UTF-16 code units
 * in a typed array (normalize-sql.ts copies the text there). The text at [0, length) is followed by a
 * 0 sentinel, so a look-ahead one past the end reads a character no rule accepts.
 */

export const OPEN = 0x27e6;
export const CLOSE = 0x27e7;

/** Position of `unit` at or after `from` before `length`, else the last position (length - 1). */
export function indexOrEnd(src: Uint16Array, unit: number, from: number, length: number): number {
  const at = src.indexOf(unit, from);
  return at < 0 || at >= length ? length - 1 : at;
}

/** A letter before a quote: a prefixed string `E'..'` (backslash escapes), `N'..'`, `X'..'`, `B'..'`, else a one-letter word. */
export function prefixedEnd(src: Uint16Array, i: number, c: number, length: number): number {
  const lower = c | 32;
  if (lower === 101) return backslashQuotedEnd(src, i + 1, length);
  if (lower === 110 || lower === 120 || lower === 98) return quotedEnd(src, i + 1, 39, length);
  return i + 1;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Digits, a fraction (not `..`), an exponent; the sentinel stops every loop at the end. */
export function numberEnd(src: Uint16Array, i: number): number {
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
export function quotedEnd(src: Uint16Array, i: number, quote: number, length: number): number {
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

export function blockCommentEnd(src: Uint16Array, i: number, length: number): number {
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
export function dollarEnd(sql: string, src: Uint16Array, i: number): number {
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
