import { DEFAULT_TARGET_NAME } from '../core/project/build-target.js';
import type { Profile } from '../core/project/project-types.js';
import { describeStateKey, stateKey, type StateKey } from '../core/state/state-key.js';
import type { StateStore } from '../core/state/state-store.js';
import type { RepositoryKey } from './open-state.js';
import { info } from './output.js';

/** The target records are made for (--target, else the profile's default) and whether it is that default. */
export interface StateTarget {
  name: string;
  isDefault: boolean;
}

/** The profile's target; without a profile (no profiles.yml, none needed), the embedded default's. */
export function stateTargetOf(profile: Profile | null): StateTarget {
  if (!profile) return { name: DEFAULT_TARGET_NAME, isDefault: true };
  return { name: profile.target.name, isDefault: profile.target.name === profile.defaultTarget };
}

/**
 * Where the state database files the records of `repository` for the target: `<repository>#<target>`
 * (core/state/state-key.ts). A key that has no records yet first takes over those an older amp-dbt filed
 * under the repository's former spelling (`Acme/Shop#dev`, before owner/name were lower-cased); and the
 * profile's default target those made under the repository key alone, before targets were part of the key.
 * One line on stderr says so. Other targets start empty.
 */
export async function targetStateKey(store: StateStore, repository: RepositoryKey, target: StateTarget): Promise<StateKey> {
  const key = stateKey(repository.key, target.name);
  if (repository.formerly !== undefined && await store.adoptRecords(stateKey(repository.formerly, target.name).key, key.key)) {
    info(`the state database's records of ${describeStateKey(stateKey(repository.formerly, target.name).key)} are now filed under `
      + `${describeStateKey(key.key)}: repository keys are lower-cased, as GitHub reads owner/name`);
  }
  for (const former of [repository.formerly, repository.key]) {
    if (former === undefined || !target.isDefault || !await store.adoptRecords(former, key.key)) continue;
    info(`the state database's records of ${former}, made before each target's records were kept apart, are now those of `
      + `${describeStateKey(key.key)}, the default target (the one used without --target); other targets start without records`);
  }
  return key;
}

/**
 * Where records are filed, as `--json` outputs say it: `repo`, the repository key (as before targets were
 * part of the state key), and `target`.
 */
export function stateKeyJson(key: { repository: string; target: string }): { repo: string; target: string } {
  return { repo: key.repository, target: key.target };
}
