import { relationKey } from '../compile/relation-clashes.js';
import { Diagnostics, AmpDbtError, type Diagnostic } from '../errors.js';
import type { Project, Target } from '../project/project-types.js';
import { openWarehouse } from '../warehouse/open-warehouse.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import type { ProjectNaming } from '../compile/naming-macros.js';
import { discoverSeeds, selectSeeds, unmatchedSeedWarning } from './discover-seeds.js';
import { loadSeed } from './load-seed.js';
import { readSeedColumnTypes } from './read-seed-column-types.js';
import type { SeedFile, SeedResult } from './seed-file.js';

export interface SeedProjectOptions {
  /** --select: seed names, `source.table` or paths; none: every seed. */
  select?: string[];
  warn?: (message: string) => void;
  /** Before a seed is loaded. */
  onStart?: (seed: SeedFile) => void;
  onResult?: (result: SeedResult) => void;
  /** The project's generate_schema_name and generate_alias_name (compile's naming-macros), those it has. */
  naming?: ProjectNaming;
  /**
   * The relations the project's models are built as (relation-clashes.ts's builtRelations) and which model: a
   * seed loaded there would replace a model's view or table, so it is a `duplicate-relation` error instead.
   */
  modelRelations?: ReadonlyMap<string, string>;
}

export interface SeedReport {
  results: SeedResult[];
  /** Problems found before loading (duplicate seeds, malformed column_types). */
  errors: Diagnostic[];
  /** --select terms that matched no seed. */
  unmatched: string[];
  /** A warning for each of them, with a did-you-mean when a seed is close. */
  unmatchedWarnings: string[];
}

/** The in-memory DuckDB that parses seed files for warehouses that cannot read them. */
const readerTarget: Target = { name: 'seed-reader', type: 'duckdb', schema: 'main', path: ':memory:' };

/** Loads every selected seed of the project into `target`, one after another; a failed seed does not stop the others. */
export async function seedProject(project: Project, target: Target, adapter: WarehouseAdapter, options: SeedProjectOptions = {}): Promise<SeedReport> {
  const diagnostics = new Diagnostics();
  const warn = options.warn ?? (() => undefined);
  let seeds: SeedFile[];
  try {
    seeds = discoverSeeds(project, target, readSeedColumnTypes(project, diagnostics), diagnostics, warn, options.naming);
  } catch (error) {
    if (!(error instanceof AmpDbtError)) throw error;
    return { results: [], errors: [...diagnostics.sorted(), error.toDiagnostic()], unmatched: [], unmatchedWarnings: [] };
  }
  const { selected, unmatched } = selectSeeds(seeds, options.select);
  let reader: Promise<WarehouseAdapter> | undefined;
  const results: SeedResult[] = [];
  try {
    for (const seed of selected) {
      options.onStart?.(seed);
      const started = performance.now();
      const relation = adapter.dialect.relation(seed.schema, seed.identifier);
      let result: SeedResult;
      const model = options.modelRelations?.get(relationKey(seed));
      if (model !== undefined) {
        const error = {
          file: seed.path, line: 1, column: 1, code: 'duplicate-relation',
          message: `seed '${seed.name}' and ${model} would both be ${seed.schema}.${seed.identifier}: the seed is not loaded over it`,
          hint: "give one of them another name, or config(alias='...') or config(schema='...') to the model, or +schema to the seed",
        };
        result = { seed, relation, status: 'error', rows: null, error, ms: 0 };
        results.push(result);
        options.onResult?.(result);
        continue;
      }
      try {
        const rows = await loadSeed(seed, { target: adapter, warn, reader: () => (reader ??= openWarehouse(readerTarget, { baseDir: project.root })) });
        result = { seed, relation, status: 'ok', rows, ms: Math.round(performance.now() - started) };
      } catch (error) {
        const diagnostic = error instanceof AmpDbtError ? error.toDiagnostic() : { file: seed.path, line: 1, column: 1, code: 'seed-load-failed', message: String(error), hint: null };
        if (!diagnostic.file) diagnostic.file = seed.path;
        result = { seed, relation, status: 'error', rows: null, error: diagnostic, ms: Math.round(performance.now() - started) };
      }
      results.push(result);
      options.onResult?.(result);
    }
  } finally {
    if (reader) await reader.then((r) => r.close(), () => undefined);
  }
  return { results, errors: diagnostics.sorted(), unmatched, unmatchedWarnings: unmatched.map((term) => unmatchedSeedWarning(term, seeds)) };
}
