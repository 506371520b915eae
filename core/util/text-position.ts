/** 1-based line and column of a character offset in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Position of the first occurrence of `needle` (or the start of the text when absent). */
export function positionOf(text: string, needle: string | RegExp): { line: number; column: number } {
  const offset = typeof needle === 'string' ? text.indexOf(needle) : text.search(needle);
  return positionAt(text, offset < 0 ? 0 : offset);
}

/** The offset of a 1-based line and column in `text` (positionAt's inverse). */
export function offsetAt(text: string, line: number, column: number): number {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    start = end + 1;
  }
  return start + column - 1;
}
