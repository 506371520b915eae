/** One parent step of a revision: `~n` (n-th first-parent ancestor) or `^n` (n-th parent; `^0` is the commit itself). */
export interface RevisionStep {
  kind: '~' | '^';
  count: number;
}

/** `main~2^2` as its name (`main`) and steps; `@` is HEAD and `^{}` / `^{commit}` (peel) need no step. */
export interface Revision {
  base: string;
  steps: RevisionStep[];
  /** `main@{u}`, `@{upstream}`: the branch `base` (HEAD: the branch checked out) is set to track, not `base` itself. */
  upstream?: true;
}

const stepPattern = /~(\d*)|\^\{(?:commit)?\}|\^(\d*)/y;
/** `@{u}` / `@{upstream}` at the end of a name, in any case (as git reads it). */
const upstreamSuffix = /@\{(?:u|upstream)\}$/i;

/** Splits a revision into a name and parent steps; null when the syntax is not one we understand. */
export function parseRevision(text: string): Revision | null {
  const cut = text.search(/[~^]/);
  const name = cut < 0 ? text : text.slice(0, cut);
  const upstream = upstreamSuffix.test(name);
  const branch = upstream ? name.replace(upstreamSuffix, '') : name;
  const base = branch === '@' || (upstream && branch === '') ? 'HEAD' : branch;
  if (!isValidRefName(base)) return null;
  const steps: RevisionStep[] = [];
  stepPattern.lastIndex = cut < 0 ? text.length : cut;
  while (stepPattern.lastIndex < text.length) {
    const match = stepPattern.exec(text);
    if (!match) return null;
    if (match[0].startsWith('~')) steps.push({ kind: '~', count: match[1] === '' ? 1 : Number(match[1]) });
    else if (!match[0].startsWith('^{')) steps.push({ kind: '^', count: match[2] === '' ? 1 : Number(match[2]) });
  }
  return upstream ? { base, steps, upstream } : { base, steps };
}

/** Git revision syntax amp-dbt does not follow: what git reads in it, and whether `git rev-parse` can name its commit instead. */
export interface UnsupportedRevision {
  what: string;
  /** `git rev-parse` turns it into the commit's sha (the reflog, a search); false for what names no one commit (a range, a tree). */
  revParse: boolean;
}

/**
 * Why `text`, which parseRevision does not read, is git revision syntax amp-dbt does not follow (a range, the
 * reflog, a search, a path), or null when it is no git syntax we know of either.
 */
export function unsupportedRevisionSyntax(text: string): UnsupportedRevision | null {
  if (/\.\.\.?/.test(text) && !/^\.\.?\//.test(text)) {
    return { what: 'is a range of commits (A..B, A...B), not one commit: pass each end on its own (diff --base A --head B; the merge base A...B starts from is $(git merge-base A B))', revParse: false };
  }
  if (/@\{-?\d+\}/.test(text)) return { what: 'reads the reflog (@{N}, @{-N}), which amp-dbt does not read', revParse: true };
  if (/@\{push\}/i.test(text)) return { what: "names a branch's push destination (@{push}), which amp-dbt does not work out", revParse: true };
  if (/@\{[^}]+\}/.test(text)) return { what: 'reads the reflog by date (@{yesterday}, @{2.days.ago}), which amp-dbt does not read', revParse: true };
  if (text.startsWith(':/') || /\^\{\/.*\}/.test(text)) return { what: 'searches commit messages (:/text, ^{/text}), which amp-dbt does not do', revParse: true };
  if (/\^\{(?:tree|blob|tag|object)\}/.test(text)) return { what: 'names an object that is not a commit (^{tree}, ^{blob}), and amp-dbt reads commits', revParse: false };
  if (text.includes(':')) return { what: 'names a file at a commit (REV:path), not a commit', revParse: false };
  return null;
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
