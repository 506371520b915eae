import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where git looks for a name, in order (as `git rev-parse` and isomorphic-git's resolveRef). */
const candidates = (name: string) => [name, `refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`];

const sha = /^[0-9a-f]{40}$/;

/**
 * The sha a ref name points at, read from `.git` directly (loose refs, symbolic refs such as HEAD, and
 * packed-refs); undefined when it cannot be read this way (no `.git` folder, an unborn branch, an unknown
 * name): callers then ask isomorphic-git, which reports those cases. `name` must be a valid ref name.
 */
export function readRefDirect(repoDir: string, name: string): string | undefined {
  const gitDir = join(repoDir, '.git');
  try {
    if (!statSync(gitDir).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  let packed: Map<string, string> | undefined;
  const packedRefs = () => (packed ??= readPackedRefs(gitDir));
  const resolve = (ref: string, depth: number): string | undefined => {
    if (depth > 5) return undefined;
    let text: string | undefined;
    try {
      text = readFileSync(join(gitDir, ref), 'utf8').trim();
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      if (sha.test(text)) return text;
      if (text.startsWith('ref: ')) return resolve(text.slice(5).trim(), depth + 1);
      return undefined;
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
