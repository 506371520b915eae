import type { Project } from '../project/project-types.js';

/** The relation a "does not exist" error names: DuckDB's `Table with name x`, PostgreSQL's `relation "s.x"`. */
const MISSING = [/Table with name (\S+?) does not exist/, /relation "(?:[^".]+\.)?([^".]+)" does not exist/];

/** Names of the seed files under the project's seed paths (a seed loads as a table named after its file). */
function seedNames(project: Project): Set<string> {
  const names = new Set<string>();
  for (const dir of project.seedPaths) {
    for (const path of project.files.list(dir)) {
      const match = /([^/]+)\.(?:csv|parquet)$/i.exec(path);
      if (match) names.add(match[1]);
    }
  }
  return names;
}

/**
 * A model failing because it reads a table that does not exist, when that table is one of the project's
 * seeds: the error with a hint to load the seeds first (run does not load them). Other errors as they are.
 */
export function withMissingSeedHint(error: unknown, project: Project): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const name = MISSING.map((pattern) => pattern.exec(message)?.[1]).find((found) => found !== undefined);
  if (name === undefined || !seedNames(project).has(name)) return error;
  return new Error(`${message}\nhint: '${name}' is a seed of this project that is not loaded: run amp-dbt seed first`, { cause: error });
}
