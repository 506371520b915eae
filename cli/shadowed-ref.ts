import { findRepoRoot } from '../core/git/find-repo-root.js';
import { readRefDirect } from '../core/git/read-ref.js';

/**
 * The warning for an environment named as a branch or tag of the repository holding `dir` is (env create, a
 * run creating it): where a REF may be an environment (--commit, diff's --base and --head, plan), the
 * environment wins, so the name no longer means the branch there. Null otherwise (or outside git).
 */
export function shadowedRefWarning(dir: string, name: string): string | null {
  const repoRoot = findRepoRoot(dir);
  if (!repoRoot) return null;
  const kind = readRefDirect(repoRoot, `refs/heads/${name}`) ? 'branch' : readRefDirect(repoRoot, `refs/tags/${name}`) ? 'tag' : null;
  if (!kind) return null;
  return `environment '${name}' has the name of a ${kind}: where a commit may be named by an environment (--commit, diff --base/--head, plan), '${name}' now means the environment; `
    + `name the ${kind} as refs/${kind === 'branch' ? 'heads' : 'tags'}/${name}`;
}
