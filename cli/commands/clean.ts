import { existsSync, readdirSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Profile, Project } from '../../core/project/project-types.js';
import { resolveStateConfig } from '../../core/state/open-state-store.js';
import { flag, parseArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, type Command } from '../command.js';
import { openProject, projectDir } from '../open-project.js';
import { info, printDiagnostics, printJson } from '../output.js';
import { stateBaseDir } from '../open-state.js';

const options = { ...projectOptions, json: { kind: 'boolean' as const } };

/** State and warehouse data live in `.amp-dbt/` beside the compiled output: not build output. */
const AMP_DBT_FILES = ['.amp-dbt/state.db', '.amp-dbt/warehouse.duckdb'];
const COMPILED = '.amp-dbt/compiled';
/** Files of embedded databases, wherever a profile or AMP_DBT_STATE_URL put them. */
const DATABASE_FILE = /\.(?:duckdb|db|sqlite3?)(?:-wal|-shm|\.wal)?$/i;

const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** The state database and DuckDB warehouses the profile names, relative to the project root (posix). */
function dataFiles(project: Project, profile: Profile | null): string[] {
  const paths = [...AMP_DBT_FILES];
  try {
    const state = resolveStateConfig({ url: process.env.AMP_DBT_STATE_URL || undefined, profile: profile?.state });
    if (state.type === 'sqlite') paths.push(state.path === ':memory:' ? state.path : resolve(stateBaseDir(project.root), state.path));
  } catch {
    // Unreadable state settings: the database-file scan below still protects it.
  }
  for (const target of Object.values(profile?.targets ?? {})) if (target.type === 'duckdb' && typeof target.path === 'string') paths.push(target.path);
  return paths.filter((path) => path !== ':memory:').map((path) => relative(project.root, resolve(project.root, path)).split(sep).join('/'));
}

/** The first embedded-database file under `abs` (a folder or a file), if any. */
function databaseFileIn(abs: string, rel: string): string | undefined {
  if (DATABASE_FILE.test(rel)) return rel;
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const found = entry.isDirectory() ? databaseFileIn(join(abs, entry.name), `${rel}/${entry.name}`) : DATABASE_FILE.test(entry.name) ? `${rel}/${entry.name}` : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Why `rel` (relative to the project root, posix) may not be removed, or null when it may. */
function whyKept(rel: string, project: Project, committed: readonly string[], data: readonly string[]): string | null {
  if (!rel || rel === '..' || rel.startsWith('../') || isAbsolute(rel)) return 'clean only removes build output inside the project';
  if (rel.split('/').includes('.git')) return "it is or is inside git's repository folder";
  if (rel === '.amp-dbt' || AMP_DBT_FILES.some((file) => within(file, rel))) return 'it holds the state database and the warehouse (clean removes .amp-dbt/compiled)';
  const named = data.find((file) => within(file, rel));
  if (named !== undefined) return `it holds the state database or a warehouse ('${named}')`;
  // Not in amp-dbt's own compiled output (10,000 files to list for nothing).
  const database = rel === COMPILED ? undefined : databaseFileIn(resolve(project.root, rel), rel);
  if (database !== undefined) return `it holds a database file ('${database}'): remove it yourself if it is build output`;
  const tracked = committed.find((path) => within(path, rel));
  if (tracked !== undefined) return `it holds files committed to git ('${tracked}'): build output is not committed`;
  const sources = [...project.modelPaths, ...project.macroPaths, ...project.testPaths, ...project.seedPaths, 'dbt_project.yml', 'profiles.yml']
    .map((path) => path.split('\\').join('/').replace(/^\.\//, '').replace(/\/+$/, ''));
  const source = sources.find((path) => within(rel, path) || within(path, rel));
  return source === undefined ? null : `it is or holds the project's source '${source}' (model, macro, test or seed paths, dbt_project.yml, profiles.yml)`;
}

export const command: Command = {
  name: 'clean',
  summary: 'Remove compiled output: .amp-dbt/compiled/ and the clean-targets of dbt_project.yml. State and warehouse files (wherever the profile puts them), database files and the project\'s sources are never removed.',
  usage: 'amp-dbt clean [--project-dir DIR] [--json]',
  help: `  --json               print {"removed", "skipped", "errors"} as JSON on stdout: the paths removed, the
                       clean-targets kept (each {"path", "reason"}) and the project's errors; nothing
                       else is printed
${projectOptionsHelp}`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    // With --json, what was removed and skipped (with why) is in the JSON alone, as every result is.
    const json = flag(args, 'json');
    const say = (line: string) => (json ? undefined : info(line));
    const { project, profile, diagnostics } = await openProject(args);
    if (!project) {
      // dbt_project.yml cannot be read: only the compiled output goes (nothing else is known to be build output).
      const compiled = join(projectDir(args), COMPILED);
      const removed = existsSync(compiled) ? [COMPILED] : [];
      rmSync(compiled, { recursive: true, force: true });
      const errors = diagnostics.sorted();
      if (json) printJson({ removed, skipped: [], errors });
      else {
        printDiagnostics(errors);
        for (const path of removed) info(`removed ${path}`);
      }
      return 1;
    }
    const removed: string[] = [];
    const skipped: Array<{ path: string; reason: string }> = [];
    const cleanTargets = project.cleanTargets ?? [];
    // With errors in the project its paths may be wrong (a misspelt model-paths would not protect the models).
    // The errors are said (exit code 1) whether or not the project has clean-targets to skip.
    const withErrors = diagnostics.hasErrors;
    if (withErrors) {
      printDiagnostics(diagnostics.sorted());
      for (const path of cleanTargets) skipped.push({ path, reason: 'the project has errors: fix them first, as the paths to keep may be wrong' });
      if (cleanTargets.length > 0) say(`skipped the clean-targets (${cleanTargets.join(', ')}): the project has errors, so the paths to keep may be wrong`);
    }
    const targets = [COMPILED, ...(withErrors ? [] : cleanTargets)];
    const committed = cleanTargets.length > 0 ? await committedPaths(project.root) : [];
    // Always: a state database or warehouse may have been put in .amp-dbt/compiled itself.
    const data = dataFiles(project, profile);
    for (const target of targets) {
      const abs = resolve(project.root, target);
      const rel = relative(project.root, abs).split(sep).join('/');
      const reason = whyKept(rel, project, committed, data);
      if (reason !== null) {
        skipped.push({ path: target, reason });
        say(`skipped '${target}': ${reason}`);
        continue;
      }
      if (!existsSync(abs)) continue;
      rmSync(abs, { recursive: true, force: true });
      removed.push(rel);
    }
    if (json) printJson({ removed, skipped, errors: withErrors ? diagnostics.sorted() : [] });
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
