import { compileProject, type CompileOptions, type CompileResult } from '../compile/compile-project.js';
import type { CompiledModel } from '../compile/compiled-model.js';
import { Diagnostics, type Diagnostic } from '../errors.js';
import type { ModelFile, Project, TestFile } from '../project/project-types.js';

/** A singular test compiled as a model. */
export interface CompiledSingularTest {
  file: TestFile;
  model: CompiledModel;
}

export interface CompiledWithTests {
  /** The project's models and, among them, one per singular test (named by its path: see isSingularTestModel). */
  result: CompileResult;
  singular: CompiledSingularTest[];
}

/** Singular tests become models named by their file's path (`tests/x.sql`): no model can have a `/` in its name. */
export const isSingularTestModel = (name: string, project: Project) => project.tests.some((t) => t.path === name);

/** Configs of a test, not of a model: `config(severity='warn')` in a singular test is not an unknown model config. */
const testConfigKeys = new Set(['severity', 'warn_if', 'error_if', 'store_failures', 'store_failures_as', 'where', 'limit', 'fail_calc']);

function isTestConfigKey(diagnostic: Diagnostic): boolean {
  const key = /^unknown key '([^']+)'/.exec(diagnostic.message)?.[1];
  return diagnostic.code === 'unknown-key' && key !== undefined && testConfigKeys.has(key);
}

/**
 * Compiles the project with every singular test (tests/**.sql) added as a model, so a test is rendered
 * exactly like a model (Jinja or header pragmas, ref/source/var/macros, project-level configs such as
 * `+dependencies`) and its refs are checked and placed in the graph. One compile serves models and tests.
 */
export function compileWithTests(project: Project, options: CompileOptions, diagnostics: Diagnostics): CompiledWithTests {
  const testModels: ModelFile[] = project.tests.map((file) => ({ name: file.path, path: file.path, folders: [], modelPath: '', content: file.content }));
  const own = new Diagnostics();
  const result = compileProject({ ...project, models: [...project.models, ...testModels] }, options, own);
  const testPaths = new Set(project.tests.map((t) => t.path));
  for (const item of own.items) if (!(testPaths.has(item.file) && isTestConfigKey(item))) diagnostics.add(item);
  const singular: CompiledSingularTest[] = [];
  for (const file of project.tests) {
    const model = result.byName.get(file.path);
    if (model) singular.push({ file, model });
  }
  return { result: { ...result, project }, singular };
}
