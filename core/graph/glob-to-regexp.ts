/** True when `pattern` uses glob syntax (`*`, `?` or `[...]`). */
export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/**
 * An anchored RegExp for a shell-style glob, as Python's fnmatch: `*` any run of characters,
 * `?` one character, `[abc]`, `[a-z]`, `[!abc]`. An unterminated `[` is a literal.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) source += '\\[';
      else {
        source += characterClass(pattern.slice(i + 1, end));
        i = end;
      }
    } else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, 's');
}

function characterClass(body: string): string {
  const negated = body.startsWith('!');
  const members = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&');
  return `[${negated ? '^' : ''}${members}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
