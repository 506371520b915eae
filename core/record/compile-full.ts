import { compileProject } from '../compile/compile-project.js';
import { renderTests } from '../test/compile-with-tests.js';
import { Diagnostics } from '../errors.js';
import { loadProject } from '../project/load-project.js';
import type { CommitSnapshot } from './commit-snapshot.js';
import { compiledContent } from './build-manifest.js';
import { RECORD_RUN_STARTED_AT, type CommitCompilation, type CommitCompileOptions } from './commit-compilation.js';
import { snapshotFileSource } from './snapshot-file-source.js';

/** Reads every file of the commit and compiles every model. `reason` says why no ancestor was reused. */
export async function compileFull(snapshot: CommitSnapshot, options: CommitCompileOptions, reason: string): Promise<CommitCompilation> {
  const paths = [...snapshot.tree.keys()];
  const contents = await snapshot.readTexts(paths.map((path) => snapshot.tree.get(path)!));
  const files = snapshotFileSource(snapshot, new Map(paths.map((path, i) => [path, contents[i]])));
  const diagnostics = new Diagnostics();
  const project = loadProject({ files, root: options.projectDir, vars: options.vars }, diagnostics);
  const compileOptions = { target: options.target, env: options.env, runStartedAt: RECORD_RUN_STARTED_AT, onProgress: options.onProgress };
  const result = project ? compileProject(project, compileOptions, diagnostics) : null;
  // As compile and run, a commit whose tests do not compile has errors (it is not recorded).
  if (result && !diagnostics.hasErrors) renderTests(result.project, compileOptions, result.disabled, diagnostics);
  const errors = diagnostics.sorted();
  return {
    mode: 'full', base: null, reason, recorded: result && errors.length === 0 ? compiledContent(result, files) : null, errors,
    rendered: result?.models.length ?? 0, reused: 0,
  };
}
