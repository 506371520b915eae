import type { CompileResult } from '../compile/compile-project.js';
import type { SeedFile } from './seed-file.js';

/**
 * The tables that read the source tables the seeds just loaded fill, directly or through views and ephemeral
 * models, sorted: `run` reuses a table while its version (its SQL, configs and parents) is unchanged, and a
 * source's rows are not part of it, so these keep the rows they were built with, unlike dbt, which rebuilds
 * every table at every run. A seed loaded as its own table is not among them: its file's content is part of
 * its readers' versions, so a run builds new ones when it changed. Tables past an incremental model are not
 * among them (a run rebuilds those when it takes in rows), nor are those past another such table.
 */
export function tablesKeepingRows(result: Pick<CompileResult, 'project' | 'target' | 'models' | 'byName' | 'graph'>, seeds: readonly SeedFile[]): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const materialized = result.byName.get(name)?.materialized;
    if (materialized === 'table') found.add(name);
    else if (materialized === 'view' || materialized === 'ephemeral') for (const child of result.graph.children(name)) visit(child);
  };
  for (const seed of seeds) {
    if (seed.source) for (const model of result.models) if (model.sources.includes(seed.source)) visit(model.name);
  }
  return [...found].sort();
}

/** Of `tables`, those not downstream of another: `run --select NAME+` of these reaches them all. */
export function outermost(result: Pick<CompileResult, 'graph'>, tables: readonly string[]): string[] {
  const below = new Set(result.graph.descendantsOfAll(tables));
  return tables.filter((name) => !below.has(name));
}
