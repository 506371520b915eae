/** One parent step of a revision: `~n` (n-th first-parent ancestor) or `^n` (n-th parent; `^0` is the commit itself). */
export interface RevisionStep {
  kind: '~' | '^';
  count: number;
}

/** `main~2^2` as its name (`main`) and steps; `@` is HEAD and `^{}` / `^{commit}` (peel) need no step. */
export interface Revision {
  base: string;
  steps: RevisionStep[];
}

const stepPattern = /~(\d*)|\^\{(?:commit)?\}|\^(\d*)/y;

/** Splits a revision into a name and parent steps; null when the syntax is not one we understand. */
export function parseRevision(text: string): Revision | null {
  const cut = text.search(/[~^]/);
  const name = cut < 0 ? text : text.slice(0, cut);
  const base = name === '@' ? 'HEAD' : name;
  if (!isValidRefName(base)) return null;
  const steps: RevisionStep[] = [];
  stepPattern.lastIndex = cut < 0 ? text.length : cut;
  while (stepPattern.lastIndex < text.length) {
    const match = stepPattern.exec(text);
    if (!match) return null;
    if (match[0].startsWith('~')) steps.push({ kind: '~', count: match[1] === '' ? 1 : Number(match[1]) });
    else if (!match[0].startsWith('^{')) steps.push({ kind: '^', count: match[2] === '' ? 1 : Number(match[2]) });
  }
  return { base, steps };
}

/**
 * A simplified `git check-ref-format`: no `..`, no leading `/`, `-` or `.`, no control characters, spaces
 * or any of `~^:?*[\`, no `@{`, and no trailing `/`, `.` or `.lock`. Keeps ref lookups inside the git folder.
 */
export function isValidRefName(name: string): boolean {
  if (name === '' || name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  if (/^[/.-]/.test(name) || /(\/|\.|\.lock)$/.test(name) || /\/\./.test(name)) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\x00-\x20\x7f~^:?*[\\]/.test(name);
}
