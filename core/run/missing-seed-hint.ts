import { Diagnostics } from '../errors.js';
import type { Project, Target } from '../project/project-types.js';
import { discoverSeeds } from '../seed/discover-seeds.js';

/** The relation a "does not exist" error names: DuckDB's `Table with name x`, PostgreSQL's `relation "s.x"`. */
const MISSING = [/Table with name (\S+?) does not exist/, /relation "(?:[^".]+\.)?([^".]+)" does not exist/];

/**
 * A model failing because it reads a table that does not exist, when that table is one of the project's
 * seeds: the error with a hint to load the seeds first (run does not load them). Other errors as they are.
 */
export function withMissingSeedHint(error: unknown, project: Project, target: Target): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const name = MISSING.map((pattern) => pattern.exec(message)?.[1]).find((found) => found !== undefined);
  if (name === undefined || !discoverSeeds(project, target, new Map(), new Diagnostics()).some((seed) => seed.identifier === name)) return error;
  return new Error(`${message}\nhint: '${name}' is a seed of this project that is not loaded: run amp-dbt seed first`, { cause: error });
}
