import type { Location, ModelFile, Project } from '../../project/project-types.js';
import { positionAt } from '../../util/text-position.js';

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Where a model's dependency `alias -> reference` is written: the reference in the model's file (its
 * `config(dependencies=...)` or `@import` pragma), else the schema of the source named `alias`, else the
 * deepest `+dependencies` of dbt_project.yml's `models:` levels above the model, else line 1 of the file.
 */
export function dependencyLocation(project: Project, file: ModelFile, alias: string, reference: string): Location {
  const at = file.content.indexOf(reference);
  if (at >= 0) return { file: file.path, ...positionAt(file.content, at) };
  const source = project.sources.find((s) => s.name === alias && s.schema === reference);
  if (source) return schemaLocation(project, source.location, reference);
  const level = projectFileLevel(project, file, alias, reference);
  if (level && project.locateInProjectFile) return project.locateInProjectFile(level)(alias, 'value');
  return { file: file.path, line: 1, column: 1 };
}

/** The deepest `dependencies` mapping on the model's path through dbt_project.yml's `models:` tree that maps `alias` to `reference`. */
function projectFileLevel(project: Project, file: ModelFile, alias: string, reference: string): Record<string, unknown> | null {
  let found: Record<string, unknown> | null = null;
  let level: unknown = project.modelConfigTree;
  for (const name of [project.name, ...file.folders, file.name]) {
    if (!isMapping(level)) break;
    level = level[name];
    if (!isMapping(level)) break;
    const deps = level['+dependencies'] ?? level.dependencies;
    if (isMapping(deps) && deps[alias] === reference) found = deps;
  }
  return found;
}

/** Where a source's `schema:` value `reference` is written, below the source's entry at `entry`; else the entry. */
function schemaLocation(project: Project, entry: Location, reference: string): Location {
  let text: string;
  try {
    text = project.files.read(entry.file);
  } catch {
    return entry;
  }
  const entryStart = text.split('\n').slice(0, entry.line - 1).reduce((offset, line) => offset + line.length + 1, 0);
  const at = text.indexOf(reference, entryStart);
  return at >= 0 ? { file: entry.file, ...positionAt(text, at) } : entry;
}
