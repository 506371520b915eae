import { Buffer } from 'node:buffer';
import { normalizeSqlByScanner } from './normalize-sql-by-scanner.js';
import { ascii, DIGIT, SPACE, WORD_PART, WORD_START } from './sql-chars.js';
import { operatorLength } from './sql-scanner.js';
import { blockCommentEnd, CLOSE, dollarEnd, indexOrEnd, numberEnd, OPEN, prefixedEnd, quotedEnd } from './sql-unit-scan.js';

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

const SMALL = 1 << 16;
const LARGE = 1 << 22;

/** Reused between calls: the input at [0, length), the output after it (at most twice as long). */
let memory = Buffer.allocUnsafeSlow(SMALL);
let units = new Uint16Array(memory.buffer, 0, memory.length >> 1);

function useMemory(bytes: number): void {
  memory = Buffer.allocUnsafeSlow(bytes);
  units = new Uint16Array(memory.buffer, 0, memory.length >> 1);
}

/** The normalised text, or undefined when the code holds a character only the full scanner handles. */
function normalizeAscii(sql: string): string | undefined {
  const length = sql.length;
  if (units.length < 3 * length + 2) useMemory(6 * length + 1024);
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
      if ((kind & WORD_START) !== 0 && src[i + 1] !== 39) { // a word (the most common token): copied as it is read
        if (n > base) src[n++] = 32;
        src[n++] = c;
        for (i++; ; i++) {
          const d = src[i];
          if (d < 128) {
            if ((ascii[d] & WORD_PART) === 0) break;
            src[n++] = d;
          } else if (d === OPEN || d === CLOSE) break;
          else return undefined;
        }
        continue;
      }
      if ((kind & WORD_START) !== 0) end = prefixedEnd(src, i, c, length);
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
        else end = i + operatorLength(c, d, i + 2 < length ? src[i + 2] : 0);
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
  const text = memory.toString('utf16le', 2 * base, 2 * n);
  if (memory.length > LARGE) useMemory(SMALL); // a huge text's buffer is not kept
  return text;
}
