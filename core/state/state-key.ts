/**
 * Where the state database files a project's records: the repository key (a repository and the project's
 * folder in it, see the CLI's repositoryKey) and the target the records were made for, joined as
 * `<repository>#<target>` (`acme/warehouse#dev`). Manifests depend on the target (schema names, source
 * relations) and an environment is a set of builds in one warehouse, so two targets' records never mix.
 *
 * A GitHub owner/name cannot hold '#', so the target is what follows the key's last '#'; a '#' or '%' in
 * a target's name is written %23 or %25 there. Records made before targets were part of the key are
 * filed under the repository key alone (see StateStore.adoptRecords).
 */
export interface StateKey {
  /** The repository key (AMP_DBT_REPO, else the origin's owner/name and the project's folder, ...). */
  repository: string;
  /** The name of the profile's target the records are made for. */
  target: string;
  /** What the state database files them under: `<repository>#<target>`. */
  key: string;
}

export function stateKey(repository: string, target: string): StateKey {
  return { repository, target, key: `${repository}#${target.replace(/%/g, '%25').replace(/#/g, '%23')}` };
}

/** A key of the state database as its repository and target; target null for a key made before targets were part of it. */
export function parseStateKey(key: string): { repository: string; target: string | null } {
  const at = key.lastIndexOf('#');
  if (at < 0) return { repository: key, target: null };
  return { repository: key.slice(0, at), target: key.slice(at + 1).replace(/%23/g, '#').replace(/%25/g, '%') };
}

/** A key as messages name it: `acme/shop (target 'dev')`, or the key itself when it names no target. */
export function describeStateKey(key: string): string {
  const { repository, target } = parseStateKey(key);
  return target === null ? key : `${repository} (target '${target}')`;
}
