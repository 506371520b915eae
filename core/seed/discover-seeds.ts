import { join } from 'node:path';
import type { ProjectNaming } from '../compile/naming-macros.js';
import type { Diagnostics } from '../errors.js';
import type { Project, SourceDefinition, SourceTable, Target } from '../project/project-types.js';
import { seedConfigFor } from './seed-config.js';
import type { SeedFile } from './seed-file.js';
import { nearest } from '../util/did-you-mean.js';
import { withoutGraphOperators } from '../graph/parse-selector.js';

const formats: Record<string, SeedFile['format']> = { csv: 'csv', parquet: 'parquet' };

function sourceTableFor(project: Project, folder: string, name: string): { source: SourceDefinition; table: SourceTable } | undefined {
  const source = project.sources.find((s) => s.name === folder);
  const table = source?.tables.find((t) => t.name === name);
  return source && table ? { source, table } : undefined;
}

function declaredOfTable(table: SourceTable): Map<string, string> {
  const out = new Map<string, string>();
  for (const column of table.columns) if (column.data_type) out.set(column.name, column.data_type);
  return out;
}

/**
 * Every .csv and .parquet file under the seed paths, and where it is loaded:
 * `<seed path>/<source>/<table>.csv` for a declared source table goes into that table's own relation
 * (its schema, e.g. `_/eth_firehose@1.0.0`, and identifier) with the table's declared column types;
 * any other file becomes table `<file name>` (or its `+alias`) in the target's schema (`<schema>_<custom>` with a `+schema`
 * config, or what the project's generate_schema_name gives; named as its generate_alias_name gives, when it has one). `column_types` (dbt_project.yml's `seeds:` tree, then property files by seed name) add or
 * override declared types; `+enabled: false` leaves a seed out. Two files loading into one relation are
 * reported; only the first is kept.
 */
export function discoverSeeds(
  project: Project, target: Target, columnTypes: Map<string, Map<string, string>>, diagnostics: Diagnostics,
  warn: (message: string) => void = () => undefined, naming?: ProjectNaming,
  /** Gets the seed files `+enabled: false` leaves out, by name (a ref to one is told so). */
  disabled?: Map<string, string>,
): SeedFile[] {
  const out: SeedFile[] = [];
  const taken = new Map<string, string>();
  const clashing = new Set<string>();
  const seen = new Set<string>();
  for (const dir of project.seedPaths) {
    for (const path of project.files.list(dir)) {
      const dot = path.lastIndexOf('.');
      const format = formats[path.slice(dot + 1).toLowerCase()];
      if (!format || seen.has(path)) continue;
      seen.add(path);
      const parts = (dir ? path.slice(dir.length + 1) : path).split('/');
      const file = parts.pop()!;
      const name = file.slice(0, file.lastIndexOf('.'));
      const found = parts.length === 1 ? sourceTableFor(project, parts[0], name) : undefined;
      const config = seedConfigFor(project, parts, name);
      if (config.enabled === false) {
        if (!found && !disabled?.has(name)) disabled?.set(name, path);
        continue;
      }
      // dbt names a seed's relation with the project's generate_schema_name and generate_alias_name, as a model's.
      const node = { name, resource_type: 'seed' as const, path, fqn: [project.name, ...parts, name], config: { ...config } };
      const schema = naming?.schema && !found ? naming.schema(config.schema ?? null, node) : config.schema ? `${target.schema}_${config.schema}` : target.schema;
      const identifier = naming?.alias && !found ? naming.alias(config.alias ?? null, node) : config.alias ?? name;
      if (parts.length === 1 && !found && project.sources.some((s) => s.name === parts[0])) {
        warn(`${path}: source '${parts[0]}' declares no table '${name}', so it is loaded as ${schema}.${identifier}`);
      }
      const seed: SeedFile = {
        path, absolutePath: join(project.root, path), name, format,
        schema: found ? found.source.schema : schema,
        identifier: found ? found.table.identifier : identifier,
        declared: found ? declaredOfTable(found.table) : new Map(),
      };
      if (found) seed.source = `${found.source.name}.${found.table.name}`;
      // dbt_project.yml first, then the property files beside the seeds (more specific).
      for (const [column, type] of config.columnTypes) seed.declared.set(column, type);
      for (const [column, type] of columnTypes.get(name) ?? []) seed.declared.set(column, type);
      const key = `${seed.schema}\u0000${seed.identifier}`;
      const first = taken.get(key);
      if (first) {
        diagnostics.error('duplicate-seed', `${path} and ${first} both load into ${seed.schema}.${seed.identifier}: neither is loaded`, { file: path, line: 1, column: 1 },
          'rename one of the files (a seed is loaded as a table named after its file)');
        clashing.add(key);
        continue;
      }
      taken.set(key, path);
      out.push(seed);
    }
  }
  // Which of two files would win is arbitrary: neither is loaded.
  return clashing.size === 0 ? out : out.filter((seed) => !clashing.has(`${seed.schema}\u0000${seed.identifier}`));
}

/**
 * Seeds matching --select: a file name (`logs`), `source.table` (`eth_firehose.logs`) or the file's path, with
 * graph operators or not (as in dbt, `dbt seed --select countries+` loads the seed; the models are run's).
 */
export function selectSeeds(seeds: SeedFile[], select: string[] | undefined): { selected: SeedFile[]; unmatched: string[] } {
  if (!select?.length) return { selected: seeds, unmatched: [] };
  const terms = select.flatMap((s) => s.split(/\s+/)).filter(Boolean);
  const matches = (seed: SeedFile, term: string) => {
    const name = withoutGraphOperators(term);
    return seed.name === name || seed.source === name || seed.path === name;
  };
  return {
    selected: seeds.filter((seed) => terms.some((term) => matches(seed, term))),
    unmatched: terms.filter((term) => !seeds.some((seed) => matches(seed, term))),
  };
}

/**
 * The warning for a --select term that matched no seed, with a did-you-mean among the seeds' names, source
 * tables and paths (a dbt-style `source:raw.orders` is pointed at `raw.orders`).
 */
export function unmatchedSeedWarning(term: string, seeds: SeedFile[]): string {
  const bare = term.replace(/^source:/, '');
  const candidates = [...new Set(seeds.flatMap((seed) => [seed.name, ...(seed.source ? [seed.source] : []), seed.path]))];
  const exact = bare !== term && candidates.includes(bare) ? bare : undefined;
  const suggestion = exact ?? nearest(bare, candidates);
  return `--select '${term}' matches no seed${suggestion ? `; did you mean '${suggestion}'?` : ''}`;
}
