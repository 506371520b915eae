import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { planModels } from './plan-models.js';
import { scaffoldFiles } from './project-scaffold.js';
import { renderModel } from './render-model.js';

/**
 * Writes a synthetic amp-dbt project for benchmarks: `models` models over 20 folders
 * (4 layers x 5 domains), each reading 0..15 earlier models, in the mix of plan-models.ts.
 * The same options always give a byte-identical project.
 */
export interface GenerateOptions {
  models: number;
  seed: number;
}

export interface ProjectFile {
  /** Relative to the project root, posix. */
  path: string;
  content: string;
}

export interface GenerateResult {
  dir: string;
  files: number;
  /** False when the folder already held this exact project (its marker matched) and nothing was written. */
  generated: boolean;
}

/** Bump when the generator's output changes, so existing generated projects are rewritten. */
export const GENERATOR_VERSION = 1;
export const MARKER_FILE = '.bench-project.json';

/** Every file of the project, sorted by path. Pure: no IO. */
export function projectFiles(options: GenerateOptions): ProjectFile[] {
  const specs = planModels(options.models, options.seed);
  const models = specs.map((spec) => ({ path: `models/${spec.folder}/${spec.name}.sql`, content: renderModel(spec, specs) }));
  return [...scaffoldFiles('bench'), ...models].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function generateProject(dir: string, options: GenerateOptions): GenerateResult {
  const marker = `${JSON.stringify({ generator: GENERATOR_VERSION, models: options.models, seed: options.seed })}\n`;
  const markerPath = join(dir, MARKER_FILE);
  if (existsSync(markerPath) && readFileSync(markerPath, 'utf8') === marker) {
    return { dir, files: 0, generated: false };
  }
  clearGeneratedFolder(dir, markerPath);
  mkdirSync(dir, { recursive: true });
  // A placeholder marker claims the folder; the real one is written last, so an interrupted
  // generation is recognised as ours and redone next time.
  writeFileSync(markerPath, 'incomplete\n');
  const files = projectFiles(options);
  for (const file of files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  writeFileSync(markerPath, marker);
  return { dir, files: files.length, generated: true };
}

/** Empties `dir`, but only if it is empty or was generated before (holds a marker). */
function clearGeneratedFolder(dir: string, markerPath: string): void {
  if (!existsSync(dir)) return;
  if (readdirSync(dir).length > 0 && !existsSync(markerPath)) {
    throw new Error(`refusing to overwrite ${dir}: it is not empty and has no ${MARKER_FILE} from an earlier generation`);
  }
  rmSync(dir, { recursive: true, force: true });
}
