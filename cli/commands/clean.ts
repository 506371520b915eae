import { existsSync, rmSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Project } from '../../core/project/project-types.js';
import { flag, parseArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, type Command } from '../command.js';
import { openProject } from '../open-project.js';
import { info, printDiagnostics, printJson } from '../output.js';

const options = { ...projectOptions, json: { kind: 'boolean' as const } };

/** State and warehouse data live in `.amp-dbt/` beside the compiled output: not build output. */
const AMP_DBT_FILES = ['.amp-dbt/state.db', '.amp-dbt/warehouse.duckdb'];

const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** Why `rel` (relative to the project root, posix) may not be removed, or null when it may. */
function whyKept(rel: string, project: Project, committed: readonly string[]): string | null {
  if (!rel || rel === '..' || rel.startsWith('../') || isAbsolute(rel)) return 'clean only removes build output inside the project';
  if (rel.split('/').includes('.git')) return "it is or is inside git's repository folder";
  if (rel === '.amp-dbt' || AMP_DBT_FILES.some((file) => within(file, rel))) return 'it holds the state database and the warehouse (clean removes .amp-dbt/compiled)';
  const tracked = committed.find((path) => within(path, rel));
  if (tracked !== undefined) return `it holds files committed to git ('${tracked}'): build output is not committed`;
  const sources = [...project.modelPaths, ...project.macroPaths, ...project.testPaths, ...project.seedPaths, 'dbt_project.yml', 'profiles.yml']
    .map((path) => path.split('\\').join('/').replace(/^\.\//, '').replace(/\/+$/, ''));
  const source = sources.find((path) => within(rel, path) || within(path, rel));
  return source === undefined ? null : `it is or holds the project's source '${source}' (model, macro, test or seed paths, dbt_project.yml, profiles.yml)`;
}

export const command: Command = {
  name: 'clean',
  summary: 'Remove compiled output: .amp-dbt/compiled/ and the clean-targets of dbt_project.yml. State and warehouse files and the project\'s sources are never removed.',
  usage: 'amp-dbt clean [--project-dir DIR] [--json]',
  help: `  --json               print the removed paths (and the clean-targets kept, with why) as JSON
${projectOptionsHelp}`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const { project, diagnostics } = await openProject(args);
    if (!project) {
      printDiagnostics(diagnostics.sorted());
      return 1;
    }
    const removed: string[] = [];
    const skipped: Array<{ path: string; reason: string }> = [];
    const cleanTargets = project.cleanTargets ?? [];
    // With errors in the project its paths may be wrong (a misspelt model-paths would not protect the models).
    const withErrors = diagnostics.hasErrors && cleanTargets.length > 0;
    if (withErrors) {
      printDiagnostics(diagnostics.sorted());
      for (const path of cleanTargets) skipped.push({ path, reason: 'the project has errors: fix them first, as the paths to keep may be wrong' });
      info(`skipped the clean-targets (${cleanTargets.join(', ')}): the project has errors, so the paths to keep may be wrong`);
    }
    const targets = ['.amp-dbt/compiled', ...(withErrors ? [] : cleanTargets)];
    const committed = cleanTargets.length > 0 ? await committedPaths(project.root) : [];
    for (const target of targets) {
      const abs = resolve(project.root, target);
      const rel = relative(project.root, abs).split(sep).join('/');
      const reason = whyKept(rel, project, committed);
      if (reason !== null) {
        skipped.push({ path: target, reason });
        info(`skipped '${target}': ${reason}`);
        continue;
      }
      if (!existsSync(abs)) continue;
      rmSync(abs, { recursive: true, force: true });
      removed.push(rel);
    }
    if (flag(args, 'json')) printJson({ removed, skipped });
    else for (const path of removed) info(`removed ${path}`);
    return withErrors ? 1 : 0;
  },
};

/** The project's files in the HEAD commit (paths relative to the project), or none outside a repository. */
async function committedPaths(projectDir: string): Promise<string[]> {
  try {
    const { openCommitSnapshot } = await import('../../core/record/commit-snapshot.js');
    return [...(await openCommitSnapshot(projectDir, 'HEAD')).tree.keys()];
  } catch {
    return [];
  }
}
