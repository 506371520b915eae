/**
 * The tables whose rows a state key files (their `repo` column), the same in both stores. `model_runs` is
 * filed through its run. `definition_packs` has no index on the key: a repository's packs go with its
 * manifests, so `RECORD_TABLES` (looked up to tell whether a key has records) leaves it out.
 */
export const RECORD_TABLES = [
  'manifests', 'environments', 'environment_moves', 'runs', 'model_state', 'locks', 'definition_sql', 'manifest_macros',
] as const;

export const KEYED_TABLES = [...RECORD_TABLES, 'definition_packs'] as const;
