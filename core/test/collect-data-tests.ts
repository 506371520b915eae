import { collectGenericTests } from './collect-generic-tests.js';
import { customTestKey, type CompiledWithTests } from './compile-with-tests.js';
import type { DataTest } from './data-test.js';
import { uniqueNames } from './generic-test-name.js';
import { testConfigFromTree } from './test-config-tree.js';
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
    const own = testConfig(query.config);
    if (!test.severityWritten) test.severity = own.severity;
    test.warnIf ??= own.warnIf;
    test.errorIf ??= own.errorIf;
    test.failCalc ??= own.failCalc;
    test.limit ??= own.limit;
    for (const key of ['warnIf', 'errorIf', 'failCalc', 'limit'] as const) if (test[key] === undefined) delete test[key];
  }
  for (const { file, model } of compiled.singular) {
    const own = testConfig({ ...testConfigFromTree(compiled.result.project, file.path, file.name), ...model.config });
    tests.push({
      name: file.name, kind: 'singular', args: {}, severity: own.severity, location: { file: file.path, line: 1, column: 1 },
      models: [...model.refs], sources: [...model.sources], query: model,
      ...(own.warnIf !== undefined ? { warnIf: own.warnIf } : {}),
      ...(own.errorIf !== undefined ? { errorIf: own.errorIf } : {}),
      ...(own.failCalc !== undefined ? { failCalc: own.failCalc } : {}),
      ...(own.limit !== undefined ? { limit: own.limit } : {}),
    });
  }
  return uniqueNames(tests);
}

/** The test configs a test's own `config()` sets (a singular test's, or a `{% test %}` block's). */
function testConfig(config: Record<string, unknown>): Pick<DataTest, 'severity' | 'warnIf' | 'errorIf' | 'failCalc' | 'limit'> {
  return {
    severity: String(config.severity ?? 'error').toLowerCase() === 'warn' ? 'warn' : 'error',
    warnIf: config.warn_if !== undefined ? String(config.warn_if) : undefined,
    errorIf: config.error_if !== undefined ? String(config.error_if) : undefined,
    failCalc: typeof config.fail_calc === 'string' ? config.fail_calc : undefined,
    limit: typeof config.limit === 'number' ? config.limit : undefined,
  };
}
