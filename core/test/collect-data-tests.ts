import { collectGenericTests } from './collect-generic-tests.js';
import { customTestKey, type CompiledWithTests } from './compile-with-tests.js';
import type { DataTest } from './data-test.js';
import { uniqueNames } from './generic-test-name.js';
import { testConfigFromTree, testConfigOf } from './test-config.js';
import { withRenderedArgs } from './templated-test-args.js';

/** Every data test of a compiled project: generic tests (sources, then models in build order), then singular tests. */
export function collectDataTests(compiled: CompiledWithTests): DataTest[] {
  const tests = collectGenericTests(compiled.result);
  // Jinja in a built-in test's arguments takes its rendered value. A custom generic test runs the query its
  // macro rendered (compiled as a model, as singular tests are); the `config()` in its definition applies
  // where its use does not say otherwise.
  for (const test of tests) {
    withRenderedArgs(test, customTestKey(test), compiled.args);
    const query = compiled.custom.get(customTestKey(test));
    if (!query) continue;
    test.query = query;
    const { severity, ...own } = testConfigOf(query.config);
    if (!test.severityWritten) test.severity = severity;
    for (const [key, value] of Object.entries(own)) if (test[key as keyof typeof own] === undefined) Object.assign(test, { [key]: value });
  }
  for (const { file, model } of compiled.singular) {
    tests.push({
      name: file.name, kind: 'singular', args: {}, location: { file: file.path, line: 1, column: 1 },
      // As in dbt: the file's config() over its property file's data_tests: entry, over dbt_project.yml's data_tests:.
      ...testConfigOf({ ...testConfigFromTree(compiled.result.project, file.path, file.name), ...compiled.result.project.singularTestConfigs?.get(file.name), ...model.config }),
      models: [...model.refs], sources: [...model.sources], query: model,
    });
  }
  return uniqueNames(tests);
}
