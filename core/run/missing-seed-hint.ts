import { Diagnostics } from '../errors.js';
import type { Project, Target } from '../project/project-types.js';
import { discoverSeeds } from '../seed/discover-seeds.js';

/**
 * The relation a "does not exist" error names, as written there (`main_raw.countries`, `countries`): DuckDB's
 * `Table with name x`, PostgreSQL's `relation "s.x"`.
 */
const MISSING = [/Table with name (\S+?) does not exist/, /relation "([^"]+)" does not exist/];

/**
 * A model failing because it reads a table that does not exist, when that table is one of the project's
 * seeds (in its own schema, a custom one, or a source's): the error with a hint to load the seeds first (run
 * does not load them), without DuckDB's guess at another table. Other errors as they are.
 */
export function withMissingSeedHint(error: unknown, project: Project, target: Target): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const written = MISSING.map((pattern) => pattern.exec(message)?.[1]).find((found) => found !== undefined)?.replaceAll('"', '');
  if (written === undefined) return error;
  const seed = discoverSeeds(project, target, new Map(), new Diagnostics())
    .find((s) => written === s.identifier || written === `${s.schema}.${s.identifier}`);
  if (!seed) return error;
  const withoutGuess = message.replace(/\nDid you mean "[^"\n]*"\?/, '');
  return new Error(`${withoutGuess}\nhint: '${seed.name}' is a seed of this project that is not loaded: run \`amp-dbt seed\` first`, { cause: error });
}
