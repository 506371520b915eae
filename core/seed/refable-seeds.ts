import type { ProjectNaming } from '../compile/naming-macros.js';
import { Diagnostics } from '../errors.js';
import type { Project, Target } from '../project/project-types.js';
import { discoverSeeds } from './discover-seeds.js';
import type { SeedFile } from './seed-file.js';

/**
 * The seeds models may `ref()` by file name, as in dbt: every seed file loaded as a table of its own (not
 * those filling a declared source table, which models read with `source()`), the first file of a name
 * winning. Models take precedence over seeds of the same name (those seeds go to `shadowed`, when given).
 * Seeds `+enabled: false` leaves out go to `disabled` (name -> path), when given.
 */
export function refableSeeds(
  project: Project, target: Target, columnTypes = new Map<string, Map<string, string>>(), naming?: ProjectNaming, shadowed?: SeedFile[],
  disabled?: Map<string, string>,
): Map<string, SeedFile> {
  const out = new Map<string, SeedFile>();
  if (project.seedPaths.length === 0) return out;
  const models = new Set(project.models.map((m) => m.name));
  for (const seed of discoverSeeds(project, target, columnTypes, new Diagnostics(), undefined, naming, disabled)) {
    if (seed.source || out.has(seed.name)) continue;
    if (models.has(seed.name)) shadowed?.push(seed);
    else out.set(seed.name, seed);
  }
  return out;
}
