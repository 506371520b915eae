import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { compileProject, type CompileResult } from '../core/compile/compile-project.js';
import { AmpDbtError, Diagnostics } from '../core/errors.js';
import { selectModels } from '../core/graph/select.js';
import { findProjectDir } from '../core/project/find-project-dir.js';
import { loadProfile } from '../core/project/load-profile.js';
import { loadProject } from '../core/project/load-project.js';
import { parseVarsOption } from '../core/project/parse-vars.js';
import type { Profile, Project } from '../core/project/project-types.js';
import { diskFileSource } from '../core/util/file-source.js';
import { list, str, UsageError, type ParsedArgs } from './args.js';

export interface OpenedProject {
  project: Project | null;
  profile: Profile | null;
  diagnostics: Diagnostics;
}

/** The project folder: --project-dir, or the nearest folder upward holding dbt_project.yml. */
export function projectDir(args: ParsedArgs): string {
  const given = str(args, 'project-dir');
  if (given) return resolve(given);
  const found = findProjectDir(process.cwd());
  if (!found) throw new UsageError('no dbt_project.yml here or in any parent folder; pass --project-dir or run `amp-dbt init`');
  return found;
}

/** Loads dbt_project.yml, models, property files and the profile, collecting every error. */
export function openProject(args: ParsedArgs): OpenedProject {
  const diagnostics = new Diagnostics();
  const root = projectDir(args);
  let vars: Record<string, unknown> | undefined;
  const varsText = str(args, 'vars');
  if (varsText !== undefined) {
    try {
      vars = parseVarsOption(varsText);
    } catch (error) {
      if (error instanceof AmpDbtError) throw new UsageError(`--vars: ${error.message}`);
      throw error;
    }
  }
  const project = loadProject({ files: diskFileSource(root), root, vars }, diagnostics);
  if (!project) return { project, profile: null, diagnostics };
  const profile = loadProfile({
    projectRoot: root,
    profilesDir: str(args, 'profiles-dir') ? resolve(str(args, 'profiles-dir')!) : undefined,
    homeDir: homedir(),
    env: process.env,
    profileName: project.profile,
    targetName: str(args, 'target'),
  }, diagnostics);
  return { project, profile, diagnostics };
}

export interface CompiledProject extends OpenedProject {
  result: CompileResult | null;
  /** Model names chosen by --select / --exclude, in topological order. */
  selected: string[];
  warnings: string[];
}

/** Opens and compiles the project, then applies --select and --exclude. */
export function openAndCompile(args: ParsedArgs, options: { useFastPath?: boolean } = {}): CompiledProject {
  const opened = openProject(args);
  if (!opened.project || !opened.profile) return { ...opened, result: null, selected: [], warnings: [] };
  const result = compileProject(opened.project, {
    target: opened.profile.target,
    env: process.env,
    useFastPath: options.useFastPath ?? process.env.AMP_DBT_NO_FAST_PATH !== '1',
  }, opened.diagnostics);
  const selection = selectModels(result.graph, { select: list(args, 'select'), exclude: list(args, 'exclude') });
  return { ...opened, result, selected: selection.selected, warnings: selection.warnings };
}
