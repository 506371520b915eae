import { didYouMean } from '../util/did-you-mean.js';
import { commonGitDir, gitContext, type GitContext, type GitOptions } from './git-context.js';
import { configValue, objectFormat } from './git-config.js';
import { gitObjectsFor } from './git-objects.js';
import { GitError } from './git-error.js';
import { isomorphicGit } from './isomorphic-git.js';
import { listRefNames } from './list-ref-names.js';
import { parseRevision, unsupportedRevisionSyntax, type RevisionStep } from './parse-revision.js';
import { peelToCommit } from './peel-to-commit.js';
import { hasGitObject, isNotFound, isShallow, missingObject, readCommitObject, readGitObject } from './read-git-object.js';
import { readRefDirect } from './read-ref.js';
import { upstreamRef } from './upstream-ref.js';

/**
 * The full sha of the commit `ref` names: a sha (full or abbreviated, at least 4 hex digits), a branch
 * (`main`, `origin/main`, `refs/heads/main`), a tag (annotated or lightweight), `HEAD` (or `@`), each
 * optionally followed by parent steps (`HEAD~2`, `main^`, `v1.0^2`, `HEAD~^`). No checkout, no `git` binary.
 */
export async function resolveCommit(repoDir: string, ref: string, options: GitOptions = {}): Promise<string> {
  const ctx = gitContext(repoDir, options);
  const format = objectFormat(commonGitDir(ctx));
  if (format !== 'sha1') {
    // Its ids are 64 hex digits: HEAD read as a sha-1 repository's would look unborn.
    throw new GitError('unsupported-repository', `the git repository at ${ctx.dir} uses ${format} object ids, which amp-dbt cannot read (only git's default, sha1)`, {
      hint: 'the working tree compiles and runs without --commit; recording commits, environments, diff and plan need a sha1 repository',
    });
  }
  const revision = parseRevision(ref.trim());
  if (!revision) {
    const unsupported = unsupportedRevisionSyntax(ref.trim());
    if (unsupported) {
      const rewrite = unsupported.revParse ? `; pass the sha git names: $(git rev-parse --verify '${ref.trim()}^{commit}')` : '';
      throw new GitError('unknown-commit', `'${ref}' ${unsupported.what}`, {
        hint: `amp-dbt reads shas, branches, tags and HEAD, with ~N, ^N or @{u}${rewrite}`,
      });
    }
    throw new GitError('unknown-commit', `'${ref}' is not a valid commit, branch or tag name`, {
      hint: 'pass a commit sha, a branch, a tag or HEAD, optionally with ~N or ^N (e.g. HEAD~1)',
    });
  }
  const name = revision.upstream ? upstreamRef(ctx.dir, revision.base, ref) : revision.base;
  let oid = await peelToCommit(ctx, await resolveName(ctx, name, ref), ref);
  for (const step of revision.steps) oid = await followStep(ctx, oid, step, ref);
  return oid;
}

async function resolveName(ctx: GitContext, name: string, ref: string): Promise<string> {
  const lower = name.toLowerCase();
  const fullSha = /^[0-9a-f]{40}$/.test(lower);
  if (fullSha && (await hasGitObject(ctx, lower))) return lower;
  const named = await resolveRefName(ctx, name);
  if (named) return named;
  if (/^[0-9a-f]{4,39}$/.test(lower)) {
    const expanded = await expandAbbreviation(ctx, lower, ref);
    if (expanded) return expanded;
  }
  if (name === 'HEAD') {
    throw new GitError('unknown-commit', `HEAD does not name a commit in ${ctx.dir}: the repository has no commits yet`, {
      hint: 'commit something first, or pass a branch or tag',
    });
  }
  if (fullSha && isShallow(ctx)) throw missingObject(ctx, lower, ref);
  if (fullSha) {
    // A sha, not a name: the commit is gone (history rewritten, then pruned) or was never fetched.
    throw new GitError('unknown-commit', `commit ${lower.slice(0, 12)} is not in the git repository at ${ctx.dir}: a rebase, amend or force-push may have replaced it (and git gc pruned it), or it was never fetched`, {
      hint: `git fetch origin ${lower} fetches it if a remote still has it; git log --all --oneline lists the commits this clone has`,
    });
  }
  const names = await listRefNames(ctx);
  // As git: a sha abbreviated to fewer than 4 hex digits is not read as one.
  const tooShort = /^[0-9a-f]{1,3}$/.test(lower) ? 'an abbreviated sha needs at least 4 hex digits; ' : '';
  throw new GitError('unknown-commit', `no commit, branch or tag '${name}' in the git repository at ${ctx.dir}`, {
    hint: tooShort + (didYouMean(name, names) || remoteBranchHint(ctx, name, names) || knownNames(names)),
  });
}

/**
 * A hint for a branch name the clone lacks that a remote may have: `origin/main` (or refs/remotes/origin/main)
 * when remote `origin` is configured and not fetched into that name (a CI checkout fetches only the commit it
 * builds), or `feature/x` when only `origin/feature/x` exists (a clone makes local branches on checkout only).
 */
function remoteBranchHint(ctx: GitContext, name: string, names: string[]): string | null {
  const isRemote = (remote: string) => configValue(commonGitDir(ctx), 'remote', remote, 'url') !== undefined;
  const tracking = /^(?:refs\/remotes\/)?([^/]+)\/(.+)$/.exec(name);
  if (tracking && isRemote(tracking[1])) {
    const [, remote, branch] = tracking;
    if (branch === 'HEAD') return `this clone does not know the default branch of '${remote}': git remote set-head ${remote} --auto sets ${remote}/HEAD, or name the branch (${remote}/main)`;
    const depth = isShallow(ctx) ? '--depth=1 ' : '';
    return `this clone has no remote-tracking branch '${remote}/${branch}' (a CI checkout fetches only the commit it builds): fetch it with git fetch ${depth}${remote} +refs/heads/${branch}:refs/remotes/${remote}/${branch}`;
  }
  const remoteNamed = names.filter((candidate) => candidate.endsWith(`/${name}`) && isRemote(candidate.slice(0, -name.length - 1)));
  if (remoteNamed.length === 1) return `did you mean '${remoteNamed[0]}'? (this clone has no local branch '${name}'; git checkout ${name} would make one)`;
  return null;
}

function knownNames(names: string[]): string {
  const shown = names.slice(0, 10).map((n) => `'${n}'`).join(', ');
  const more = names.length > 10 ? ` and ${names.length - 10} more (git branch -a, git tag)` : '';
  return names.length ? `branches and tags: ${shown}${more}; or pass a commit sha` : 'pass a commit sha: the repository has no branches or tags';
}

async function resolveRefName(ctx: GitContext, name: string): Promise<string | null> {
  const direct = readRefDirect(ctx.dir, name);
  if (direct !== undefined && (await hasGitObject(ctx, direct))) return direct;
  try {
    const oid = await (await isomorphicGit()).resolveRef({ ...ctx, ref: name });
    return /^[0-9a-f]{40}$/.test(oid) && (await hasGitObject(ctx, oid)) ? oid : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** An abbreviated sha; when it matches several objects but only one commit or tag, that one (as git does). */
async function expandAbbreviation(ctx: GitContext, short: string, ref: string): Promise<string | null> {
  const matches = await abbreviationMatches(ctx, short);
  if (matches.length <= 1) return matches[0] ?? null;
  const commitish = [];
  for (const oid of matches) if (await isCommitish(ctx, oid)) commitish.push(oid);
  if (commitish.length === 1) return commitish[0];
  throw new GitError('ambiguous-commit', `the abbreviated sha '${short}' in '${ref}' matches ${matches.length} objects (${matches.map((m) => m.slice(0, 12)).sort().join(', ')})`, {
    hint: 'give more hex digits of the sha',
  });
}

/** The objects whose id starts with `short`: read by GitObjects (which knows alternates), else by isomorphic-git. */
async function abbreviationMatches(ctx: GitContext, short: string): Promise<string[]> {
  const objects = gitObjectsFor(ctx);
  if (objects) return objects.expand(short);
  try {
    return [await (await isomorphicGit()).expandOid({ ...ctx, oid: short })];
  } catch (error) {
    if (isNotFound(error)) return [];
    const matches = ambiguousMatches(error);
    if (!matches) throw error;
    return matches;
  }
}

function ambiguousMatches(error: unknown): string[] | undefined {
  const { code, data } = error as { code?: string; data?: { matches?: string[] } };
  return code === 'AmbiguousError' ? data?.matches : undefined;
}

async function isCommitish(ctx: GitContext, oid: string): Promise<boolean> {
  const { type } = await readGitObject(ctx, oid);
  return type === 'commit' || type === 'tag';
}

async function followStep(ctx: GitContext, oid: string, step: RevisionStep, ref: string): Promise<string> {
  if (step.kind === '^' && step.count === 0) return oid;
  const parentsToWalk = step.kind === '~' ? step.count : 1;
  for (let i = 0; i < parentsToWalk; i++) {
    const { parents } = await readCommitObject(ctx, oid);
    const index = step.kind === '^' ? step.count - 1 : 0;
    const parent = parents[index];
    if (!parent) {
      const what = parents.length === 0 ? 'has no parents (it is a root commit)' : `has ${parents.length} parent${parents.length === 1 ? '' : 's'}`;
      throw new GitError('unknown-commit', `'${ref}' goes past the history: commit ${oid.slice(0, 12)} ${what}`, {
        hint: 'use a smaller ~N or ^N, or `git log --oneline` to see the history',
      });
    }
    // The commit missing may be on the way to the one `ref` names (HEAD~4 in a clone of depth 2).
    if (!(await hasGitObject(ctx, parent))) throw missingObject(ctx, parent, ref, i < parentsToWalk - 1);
    oid = parent;
  }
  return oid;
}

