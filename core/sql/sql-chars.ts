/** Character classes for the SQL scanners, on char codes so the hot loops never build strings. */

const nonAsciiWordChar = /[\p{L}\p{N}\p{M}]/u;
const nonAsciiDigit = /\p{N}/u;

export const SPACE = 1;
export const WORD_START = 2;
export const WORD_PART = 4;
export const DIGIT = 8;

/** Classes of the ASCII characters (bits above), looked up instead of compared. */
export const ascii = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  const digit = c >= 48 && c <= 57;
  ascii[c] = (c === 32 || (c >= 9 && c <= 13) ? SPACE : 0) | (letter ? WORD_START | WORD_PART : 0)
    | (digit ? DIGIT | WORD_PART : 0) | (c === 36 ? WORD_PART : 0);
}

export const isDigit = (c: number): boolean => c < 128 && (ascii[c] & DIGIT) !== 0;

/** NaN (past the end) is not a space. */
export const isSpace = (c: number): boolean => (c < 128 ? (ascii[c] & SPACE) !== 0 : c === 0xa0 || c === 0xfeff);

/** An ASCII letter or `_`. */
export const isPlainWordStart = (c: number): boolean => c < 128 && (ascii[c] & WORD_START) !== 0;

/** A non-ASCII letter, digit or mark; `⟦`, `⟧` and other symbols are not. */
function isNonAsciiWordChar(text: string, i: number, c: number): boolean {
  if (c === 0x27e6 || c === 0x27e7) return false;
  return nonAsciiWordChar.test(String.fromCodePoint(text.codePointAt(i) ?? c));
}

/** Can an identifier start at `i`? Letters (any script) and `_`; non-ASCII digits continue a word but do not start one. */
export function isWordStartAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (ascii[c] & WORD_START) !== 0;
  return c >= 128 && isNonAsciiWordChar(text, i, c) && !nonAsciiDigit.test(String.fromCodePoint(text.codePointAt(i) ?? 0));
}

/** Can an identifier continue at `i`? Letters, digits, `_` and `$`. */
export function isWordPartAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (ascii[c] & WORD_PART) !== 0;
  return c >= 128 && isNonAsciiWordChar(text, i, c);
}

/** End of the identifier that starts at `i` (surrogate pairs kept whole). */
export function wordEnd(text: string, i: number): number {
  const length = text.length;
  let j = i;
  while (j < length) {
    const c = text.charCodeAt(j);
    if (c < 128) {
      if ((ascii[c] & WORD_PART) === 0) return j;
      j++;
    } else if (isNonAsciiWordChar(text, j, c)) j += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    else return j;
  }
  return j;
}
