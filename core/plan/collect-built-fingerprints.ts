import type { StateStore } from '../state/state-store.js';
import type { Manifest } from '../state/state-types.js';
import { builtKey, type BuiltFingerprints } from './plan-types.js';

export interface CollectedFingerprints {
  built: BuiltFingerprints;
  /** Environments whose commit has no recorded manifest: their models are not counted as built. */
  unrecorded: string[];
}

/**
 * Model versions that are built, with the environments holding them. Runs are not recorded yet, so a
 * version counts as built when it is in the manifest of the commit some environment points at (every
 * environment's current models were built when it moved there). `a lookup of every recorded fingerprint is not
 * enough: it knows every commit ever recorded, and recording (compiling) a commit builds nothing.
 * `known` supplies manifests already loaded, by commit.
 */
export async function collectBuiltFingerprints(store: StateStore, repo: string, known: readonly Manifest[] = []): Promise<CollectedFingerprints> {
  const manifests = new Map(known.map((m) => [m.commit, m]));
  const built = new Map<string, string[]>();
  const unrecorded: string[] = [];
  for (const environment of await store.listEnvironments(repo)) {
    let manifest = manifests.get(environment.commit) ?? null;
    if (!manifest) {
      manifest = await store.getManifest(repo, environment.commit);
      if (manifest) manifests.set(manifest.commit, manifest);
    }
    if (!manifest) {
      unrecorded.push(environment.name);
      continue;
    }
    for (const model of manifest.models) {
      const key = builtKey(model.name, model.fingerprint);
      const holders = built.get(key);
      if (holders) holders.push(environment.name);
      else built.set(key, [environment.name]);
    }
  }
  return { built, unrecorded };
}
