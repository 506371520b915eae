import { otherTargets } from '../core/environments/other-targets.js';
import { parseStateKey } from '../core/state/state-key.js';
import type { StateSession } from './open-state.js';
import { info, printJson, withCarriedOptions } from './output.js';
import { stateKeyJson } from './target-state-key.js';
import { worktreeStateNote } from './worktree-state-note.js';

const short = (sha: string) => sha.slice(0, 12);

/**
 * `env list`: the environments of the repository for the target, one a line on stdout. On stderr: the
 * other targets of the repository that have environments (a user who forgot --target sees why the list
 * is not what they expected), and when there is none here, the state database read (a linked worktree's own,
 * see worktreeStateNote) and the other repositories that have some.
 * `--json`: {"repo", "target", "environments", "otherTargets"}.
 */
export async function listEnvironments(session: StateSession, json: boolean): Promise<number> {
  const { store, repo, repository, target } = session;
  const environments = await store.listEnvironments(repo);
  const others = await otherTargets(store, repo);
  if (json) {
    printJson({ ...stateKeyJson(session), environments, otherTargets: others.targets });
    return 0;
  }
  if (environments.length === 0) {
    info(withCarriedOptions(`no environments in ${repository} for target '${target}' yet: amp-dbt env create NAME --commit REF`));
    // Which database was read: a linked worktree's own SQLite file has none of the main worktree's environments.
    info(`  ${worktreeStateNote(session) ?? `the state database: ${store.location}`}`);
  }
  for (const e of environments) process.stdout.write(`${e.name}\t${short(e.commit)}\t${e.updatedAt}\t${e.updatedBy}\n`);
  if (others.targets.length > 0) {
    const names = others.targets.map((t) => `'${t}'`).join(', ');
    const which = others.targets.length === 1 ? `target ${names} of ${repository} has` : `targets ${names} of ${repository} have`;
    info(`  ${which} environments too (records are kept per target): amp-dbt env list --target ${others.targets[0]}`);
  }
  if (others.legacy) {
    info(`  environments recorded before records were kept per target are under ${repository} alone: the profile's default target takes them over when it has no records of its own`);
  }
  if (environments.length > 0 || others.targets.length > 0 || others.legacy) return 0;
  // A repository moved or cloned without an origin remote is keyed by its path: its old key is elsewhere.
  const repositories = [...new Set((await store.listRepositories()).map((k) => parseStateKey(k).repository))].filter((r) => r !== repository);
  if (repositories.length > 0) {
    info(`  this state database has environments of ${repositories.slice(0, 5).join(', ')}${repositories.length > 5 ? ', ...' : ''}: if one of them is this repository, set AMP_DBT_REPO to it`);
  }
  return 0;
}
