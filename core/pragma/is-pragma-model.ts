/**
 * Is this model written in the header-pragma syntax? True when the leading comment header has an
 * `-- @config:` or `-- @import:` line, or a line starts (after spaces) with `#if `. Cheap: it reads
 * the header line by line and searches the rest with indexOf.
 */
export function isPragmaModel(content: string): boolean {
  return headerHasPragma(content) || hasIfDirective(content);
}

const PRAGMA = '--[ \\t]*@(?:config|import)[ \\t]*:';
const PRAGMA_LINE = new RegExp(`^${PRAGMA}`);
/** A pragma line anywhere in a text (after spaces at the start of a line). */
const PRAGMA_ANY_LINE = new RegExp(`^[ \\t]*(${PRAGMA})`, 'm');

function headerHasPragma(content: string): boolean {
  let i = 0;
  while (i < content.length) {
    const c = content.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c !== 45 || content.charCodeAt(i + 1) !== 45) return false;
    const newline = content.indexOf('\n', i);
    const end = newline === -1 ? content.length : newline;
    if (PRAGMA_LINE.test(content.slice(i, end))) return true;
    i = end;
  }
  return false;
}

/** The offset of a `-- @config:` / `-- @import:` line anywhere in `content` (not only its header), or -1. */
export function pragmaLineOffset(content: string): number {
  if (!content.includes('@')) return -1;
  const at = PRAGMA_ANY_LINE.exec(content);
  return at ? at.index + at[0].indexOf('--') : -1;
}

function hasIfDirective(content: string): boolean {
  for (let i = content.indexOf('#if'); i !== -1; i = content.indexOf('#if', i + 3)) {
    const after = content.charCodeAt(i + 3);
    if ((after === 32 || after === 9 || after === 40) && onlySpacesBefore(content, i)) return true;
  }
  return false;
}

function onlySpacesBefore(content: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = content.charCodeAt(j);
    if (c === 10) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
