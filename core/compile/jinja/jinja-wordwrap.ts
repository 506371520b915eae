import { pythonStr } from './python-repr.js';

/**
 * Jinja2's `wordwrap(width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True)`: each line of the
 * text wrapped as Python's textwrap.wrap wraps it (words filled greedily up to the width, the whitespace where a
 * line breaks dropped, a word longer than the width cut, after a hyphen where it can be), the lines joined by
 * `wrapstring` ('\n' when none is given).
 */
export function jinjaWordwrap(value: unknown, width: unknown = 79, breakLongWords: unknown = true, wrapstring: unknown = null, breakOnHyphens: unknown = true): string {
  const size = Number(width);
  if (!Number.isInteger(size) || size <= 0) throw new Error(`wordwrap: invalid width ${String(width)} (<= 0)`);
  const joiner = wrapstring === null || wrapstring === undefined ? '\n' : pythonStr(wrapstring);
  const lines = pythonStr(value).split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop(); // splitlines(): no line after a final newline
  return lines.map((line) => wrapLine(line, size, !!breakLongWords, !!breakOnHyphens).join(joiner)).join(joiner);
}

/** textwrap's chunks: whitespace runs and words, a word cut after a hyphen between letters (`long-term`). */
function chunksOf(text: string, breakOnHyphens: boolean): string[] {
  const parts = text.split(/(\s+)/u).filter((part) => part !== '');
  if (!breakOnHyphens) return parts;
  return parts.flatMap((part) => (/\s/u.test(part[0]!) ? [part] : part.split(/(?<=\p{L}{2}-|\p{L}-\p{L}-)(?=\p{L}-?\p{L})/u)));
}

/** textwrap.wrap of one line (expand_tabs and replace_whitespace off, drop_whitespace on). */
function wrapLine(text: string, width: number, breakLongWords: boolean, breakOnHyphens: boolean): string[] {
  const chunks = chunksOf(text, breakOnHyphens).reverse();
  const lines: string[] = [];
  const blank = (chunk: string | undefined) => chunk !== undefined && chunk.trim() === '';
  while (chunks.length) {
    const line: string[] = [];
    let length = 0;
    if (blank(chunks[chunks.length - 1]) && lines.length) chunks.pop();
    while (chunks.length && length + chunks[chunks.length - 1]!.length <= width) {
      length += chunks[chunks.length - 1]!.length;
      line.push(chunks.pop()!);
    }
    if (chunks.length && chunks[chunks.length - 1]!.length > width) {
      const chunk = chunks[chunks.length - 1]!;
      if (breakLongWords) {
        const room = Math.max(width - length, 1);
        let end = room;
        const hyphen = breakOnHyphens ? chunk.lastIndexOf('-', room - 1) : -1;
        if (hyphen > 0 && /[^-]/.test(chunk.slice(0, hyphen))) end = hyphen + 1;
        line.push(chunk.slice(0, end));
        chunks[chunks.length - 1] = chunk.slice(end);
      } else if (!line.length) {
        line.push(chunks.pop()!);
      }
    }
    if (line.length && blank(line[line.length - 1])) line.pop();
    if (line.length) lines.push(line.join(''));
  }
  return lines;
}
