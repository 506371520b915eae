import { isMapping } from '../project/mapping-reader.js';
import type { Project } from '../project/project-types.js';

/** The configs of a seed that amp-dbt reads from dbt_project.yml's `seeds:` tree. */
export interface SeedConfig {
  enabled?: boolean;
  /** A custom schema: the seed loads into `<target schema>_<schema>`, as a model's would. */
  schema?: string;
  /** The seed's table name instead of its file's name (what the project's generate_alias_name gets as the custom alias). */
  alias?: string;
  /** Column name -> type, merged level by level. */
  columnTypes: Map<string, string>;
}

/** Configs read at a level also when written without `+`. */
export const SEED_BARE_CONFIG_KEYS: ReadonlySet<string> = new Set(['enabled', 'schema', 'column_types']);

/** The configs written directly at one level of the tree (`+key`, or a config's own name). */
function levelConfig(level: Record<string, unknown>, into: SeedConfig): void {
  for (const [written, value] of Object.entries(level)) {
    const key = written.startsWith('+') ? written.slice(1) : written;
    if (!written.startsWith('+') && !SEED_BARE_CONFIG_KEYS.has(key)) continue;
    if (key === 'enabled' && typeof value === 'boolean') into.enabled = value;
    else if (key === 'schema' && typeof value === 'string' && value) into.schema = value;
    else if (key === 'alias' && typeof value === 'string' && value) into.alias = value;
    else if (key === 'column_types' && isMapping(value)) {
      for (const [column, type] of Object.entries(value)) if (typeof type === 'string') into.columnTypes.set(column, type);
    }
  }
}

/**
 * A seed's config from dbt_project.yml, as dbt reads it: `seeds:`, then the project's name, then each folder
 * under the seed path, then the seed's file name; the most specific level wins (column types per column).
 *
 *   seeds:
 *     my_project:
 *       +schema: raw
 *       lookups:
 *         countries:
 *           +column_types: {population: bigint}
 */
export function seedConfigFor(project: Project, folders: readonly string[], name: string): SeedConfig {
  const config: SeedConfig = { columnTypes: new Map() };
  let level: unknown = project.seedConfigTree ?? {};
  for (const step of [null, project.name, ...folders, name]) {
    if (step !== null) level = isMapping(level) ? level[step] : undefined;
    if (!isMapping(level)) break;
    levelConfig(level, config);
  }
  return config;
}
