import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { COMPILER_REVISION } from '../core/compile/compiler-revision.js';
import { SQLITE_SCHEMA_VERSION } from '../core/state/sqlite/sqlite-migrations.js';
import type { BenchCase, BenchContext } from './bench-cases.js';
import { generateProject } from './generate-project.js';

/**
 * A generated project in a git repository with three commits: the generated project; 10 model files
 * with a comment edited (no fingerprint changes); the same 10 files with a column added (the edited
 * models and everything downstream get new fingerprints: most of the generated graph). Prepared state
 * databases hold the commits before each of the last two; each `state record` run starts from a copy.
 */
// 4: records are filed under the repository key and the target (prepared databases made before hold the key alone).
const STATE_BENCH_VERSION = 4;
const MARKER = '.bench-state.json';
const EDITED_MODELS = 10;

export interface StateRepo {
  dir: string;
  /** The edited files, relative to the project. */
  edited: string[];
}

/** Which commit a `state record` run records: HEAD~1 (comment edits) or HEAD (column added). */
export type RecordedEdit = 'comments' | 'columns';

const stateDb = (dir: string) => join(dir, '.amp-dbt', 'state.db');
const preparedDb = (dir: string, edit: RecordedEdit) => join(dir, '.amp-dbt', `prepared-${edit}.db`);

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, {
    cwd, encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', AMP_DBT_STATE_URL: '' },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stderr}`);
  return result.stdout;
}

const git = (dir: string, ...args: string[]) => run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], dir);
export const cliIn = (ctx: BenchContext, dir: string, ...args: string[]) => run(process.execPath, [ctx.cli, ...args, '--project-dir', dir], ctx.root);

function modelFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.sql')) out.push(relative(dir, path));
    }
  };
  walk(join(dir, 'models'));
  return out.sort();
}

/** Builds (once; reused while its marker matches) the two-commit repository and the prepared state database. */
export function stateRepo(ctx: BenchContext, models: number, seed: number): StateRepo {
  const dir = join(ctx.generatedDir, `state-${models}-seed-${seed}`);
  // Prepared databases recorded by another compiler revision or schema would make every measured recording full.
  const marker = JSON.stringify({ version: STATE_BENCH_VERSION, models, seed, compiler: COMPILER_REVISION, schema: SQLITE_SCHEMA_VERSION });
  const markerPath = join(dir, MARKER);
  if (existsSync(markerPath) && existsSync(preparedDb(dir, 'columns'))) {
    const saved = JSON.parse(readFileSync(markerPath, 'utf8')) as { marker: string; edited: string[] };
    if (saved.marker === marker) return { dir, edited: saved.edited };
  }
  rmSync(dir, { recursive: true, force: true });
  generateProject(dir, { models, seed });
  writeFileSync(join(dir, '.gitignore'), '.amp-dbt/\n.bench-state.json\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'generated project');
  const files = modelFiles(dir);
  const edited = Array.from({ length: EDITED_MODELS }, (_, i) => files[Math.floor(((i + 0.5) * files.length) / EDITED_MODELS)]);
  editModels(dir, edited, (text) => text.replace(/^-- (\w+): /m, '-- $1 (edited): '));
  git(dir, 'commit', '-q', '-a', '-m', `comment edits in ${EDITED_MODELS} models`);
  editModels(dir, edited, (text) => text.replace('    p0.id,\n', '    p0.id,\n    p0.id * 2 as id_doubled,\n'));
  git(dir, 'commit', '-q', '-a', '-m', `a column added to ${EDITED_MODELS} models`);
  cliIn(ctx, dir, 'state', 'record', '--commit', 'HEAD~2');
  copyFileSync(stateDb(dir), preparedDb(dir, 'comments'));
  cliIn(ctx, dir, 'state', 'record', '--commit', 'HEAD~1');
  copyFileSync(stateDb(dir), preparedDb(dir, 'columns'));
  writeFileSync(markerPath, JSON.stringify({ marker, edited }));
  return { dir, edited };
}

function editModels(dir: string, paths: readonly string[], edit: (text: string) => string): void {
  for (const path of paths) {
    const text = readFileSync(join(dir, path), 'utf8');
    const changed = edit(text);
    if (changed === text) throw new Error(`cannot edit ${path}: the expected line is not there`);
    writeFileSync(join(dir, path), changed);
  }
}

/** Puts the prepared database in place: everything before the commit `edit` records is recorded. */
export function resetStateDb(dir: string, edit: RecordedEdit): void {
  for (const suffix of ['-wal', '-shm']) rmSync(stateDb(dir) + suffix, { force: true });
  copyFileSync(preparedDb(dir, edit), stateDb(dir));
}

/**
 * `amp-dbt state record` of a commit editing 10 models, its parent recorded (an incremental recording):
 * `columns` changes the SQL (fingerprints change down the graph), `comments` only comments.
 */
export function stateRecordCase(models: number, label: string, seed: number, runs: number, edit: RecordedEdit): BenchCase {
  let repo: StateRepo;
  const what = edit === 'columns' ? 'adds a column to' : 'edits a comment in';
  return {
    name: `state-record-${label}${edit === 'comments' ? '-comments' : ''}`,
    description: `amp-dbt state record of a commit that ${what} ${EDITED_MODELS} models of a ${models}-model project, its parent recorded`,
    runs,
    setup(ctx) {
      repo = stateRepo(ctx, models, seed);
      return { models, seed, editedModels: repo.edited.length, edit, project: relative(ctx.root, repo.dir) };
    },
    beforeEach: () => resetStateDb(repo.dir, edit),
    args: () => ['state', 'record', '--commit', edit === 'columns' ? 'HEAD' : 'HEAD~1', '--project-dir', repo.dir],
  };
}

/** `amp-dbt env show NAME --json` in the same repository's state database. */
export function envShowCase(models: number, label: string, seed: number, runs: number): BenchCase {
  let repo: StateRepo;
  return {
    name: `env-show-${label}`,
    description: `amp-dbt env show prod --json, state database holding ${models}-model manifests`,
    runs,
    setup(ctx) {
      repo = stateRepo(ctx, models, seed);
      const listed = JSON.parse(cliIn(ctx, repo.dir, 'env', 'list', '--json')) as { environments: { name: string }[] };
      if (!listed.environments.some((e) => e.name === 'prod')) cliIn(ctx, repo.dir, 'env', 'create', 'prod', '--commit', 'HEAD');
      return { models, seed, project: relative(ctx.root, repo.dir) };
    },
    args: () => ['env', 'show', 'prod', '--json', '--project-dir', repo.dir],
  };
}

/**
 * `amp-dbt diff` between two recorded commits of the same repository: the parent and the commit that adds
 * a column to 10 models (which changes most fingerprints downstream). Both manifests are in the state
 * database, so this is reading two manifests and comparing them.
 */
export function diffCase(models: number, label: string, seed: number, runs: number): BenchCase {
  let repo: StateRepo;
  return {
    name: `diff-${label}`,
    description: `amp-dbt diff --base HEAD~1 --head HEAD --json, both ${models}-model commits recorded, 10 models edited`,
    runs,
    setup(ctx) {
      repo = stateRepo(ctx, models, seed);
      resetStateDb(repo.dir, 'columns');
      cliIn(ctx, repo.dir, 'state', 'record', '--commit', 'HEAD');
      return { models, seed, editedModels: repo.edited.length, project: relative(ctx.root, repo.dir) };
    },
    args: () => ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--json', '--project-dir', repo.dir],
  };
}

/**
 * The same state work inside one process (bench/state-operations.ts): `state record` of the column-adding
 * commit, the diff of the two commits (both manifests read, compared, serialised), and the single queries
 * behind `env show` and `diff`, medians in milliseconds in `details.lastRun` (with the first, cold, run of record and diff).
 */
export function stateOperationsCase(models: number, label: string, seed: number): BenchCase {
  let repo: StateRepo;
  return {
    name: `state-operations-${label}`,
    description: `in one process: record (${models} models, 10 edited, parent recorded), diff of the two commits, single state queries`,
    runs: 1,
    script: (ctx) => join(ctx.root, 'dist', 'bench', 'state-operations.js'),
    setup(ctx) {
      repo = stateRepo(ctx, models, seed);
      return { models, seed, project: relative(ctx.root, repo.dir) };
    },
    args: () => [repo.dir, realpathSync(repo.dir)],
  };
}
