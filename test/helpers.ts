import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject, type CompileOptions, type CompileResult } from '../core/compile/compile-project.js';
import { Diagnostics, type Diagnostic } from '../core/errors.js';
import { loadProject } from '../core/project/load-project.js';
import type { Target } from '../core/project/project-types.js';
import { diskFileSource, memoryFileSource } from '../core/util/file-source.js';

/** The repository root (tests run from dist/test/). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixture = (name: string) => join(repoRoot, 'fixtures', 'projects', name);
/**
 * The CLI the tests spawn: tsc's dist/cli/main.js (fresh after every tsc), or, when AMP_DBT_TEST_CLI names one
 * (npm test sets dist/bundle/main.js), that file: the bundle users run, checked by the same tests.
 */
export const cliPath = process.env.AMP_DBT_TEST_CLI ? resolve(repoRoot, process.env.AMP_DBT_TEST_CLI) : join(repoRoot, 'dist', 'cli', 'main.js');

export const duckdbTarget: Target = { name: 'dev', type: 'duckdb', schema: 'main', path: '.amp-dbt/warehouse.duckdb' };
export const ampTarget: Target = { name: 'amp', type: 'amp', schema: 'erc20' };

export interface Compiled {
  result: CompileResult | null;
  errors: Diagnostic[];
  warnings?: Diagnostic[];
}

export function compileFiles(files: Record<string, string>, options: Partial<CompileOptions> & { vars?: Record<string, unknown> } = {}): Compiled {
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: memoryFileSource(files), root: '/virtual', vars: options.vars }, diagnostics);
  if (!project) return { result: null, errors: diagnostics.sorted() };
  const result = compileProject(project, { target: duckdbTarget, env: {}, runStartedAt: '2026-01-01T00:00:00Z', ...options }, diagnostics);
  return { result, errors: diagnostics.sorted(), warnings: diagnostics.warnings };
}

export function compileFixture(name: string, options: Partial<CompileOptions> = {}): Compiled {
  const diagnostics = new Diagnostics();
  const root = fixture(name);
  const project = loadProject({ files: diskFileSource(root), root }, diagnostics);
  if (!project) return { result: null, errors: diagnostics.sorted() };
  const result = compileProject(project, { target: duckdbTarget, env: {}, runStartedAt: '2026-01-01T00:00:00Z', ...options }, diagnostics);
  return { result, errors: diagnostics.sorted() };
}

const madeDirs: string[] = [];
process.once('exit', () => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** A new temporary folder, removed when the test process exits. */
export function tempDir(prefix = 'amp-dbt-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

export function writeTree(root: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}) {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    timeout: options.timeout,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
