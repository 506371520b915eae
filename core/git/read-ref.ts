import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitDirs } from './git-dirs.js';

/** Where git looks for a name, in order (as `git rev-parse` and isomorphic-git's resolveRef). */
const candidates = (name: string) => [name, `refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`];

const sha = /^[0-9a-f]{40}$/;
const leadingSha = /^([0-9a-f]{40})(?:\s|$)/;

/**
 * The sha a ref name points at, read from the git folders directly (loose refs, symbolic refs such as HEAD,
 * packed-refs; a linked worktree's own HEAD); undefined when it cannot be read this way (no git folder, an
 * unborn branch, an unknown name): callers then ask isomorphic-git, which reports those cases. `name` must be a valid ref name.
 */
export function readRefDirect(repoDir: string, name: string): string | undefined {
  const dirs = gitDirs(repoDir);
  if (!dirs) return undefined;
  let packed: Map<string, string> | undefined;
  const packedRefs = () => (packed ??= readPackedRefs(dirs.commonDir));
  // HEAD belongs to the worktree; branches, tags and the rest are shared by every worktree.
  const folderOf = (ref: string) => (ref.includes('/') ? dirs.commonDir : dirs.gitDir);
  const resolve = (ref: string, depth: number): string | undefined => {
    if (depth > 5) return undefined;
    let text: string | undefined;
    try {
      text = readFileSync(join(folderOf(ref), ref), 'utf8').trim();
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      if (text.startsWith('ref: ')) return resolve(text.slice(5).trim(), depth + 1);
      // As git reads a ref file: a sha, then the end or a space (FETCH_HEAD: `<sha>\t\tbranch 'main' of <url>`, one line per fetched ref).
      return leadingSha.exec(text)?.[1];
    }
    return packedRefs().get(ref);
  };
  for (const ref of candidates(name)) {
    const found = resolve(ref, 0);
    if (found) return found;
  }
  return undefined;
}

function readPackedRefs(gitDir: string): Map<string, string> {
  const refs = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync(join(gitDir, 'packed-refs'), 'utf8');
  } catch {
    return refs;
  }
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.startsWith('^')) continue;
    const space = line.indexOf(' ');
    if (space === 40 && sha.test(line.slice(0, 40))) refs.set(line.slice(41).trim(), line.slice(0, 40));
  }
  return refs;
}
