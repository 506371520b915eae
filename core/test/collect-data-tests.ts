import { collectGenericTests } from './collect-generic-tests.js';
import { customTestKey, type CompiledWithTests } from './compile-with-tests.js';
import type { DataTest } from './data-test.js';
import { uniqueNames } from './generic-test-name.js';

/** Every data test of a compiled project: generic tests (sources, then models in build order), then singular tests. */
export function collectDataTests(compiled: CompiledWithTests): DataTest[] {
  const tests = collectGenericTests(compiled.result);
  // A custom generic test runs the query its macro rendered (compiled as a model, as singular tests are).
  for (const test of tests) {
    const query = compiled.custom.get(customTestKey(test));
    if (query) test.query = query;
  }
  for (const { file, model } of compiled.singular) {
    tests.push({
      name: file.name, kind: 'singular', args: {}, severity: String(model.config.severity ?? 'error').toLowerCase() === 'warn' ? 'warn' : 'error', location: { file: file.path, line: 1, column: 1 },
      models: [...model.refs], sources: [...model.sources], query: model,
      ...(model.config.warn_if !== undefined ? { warnIf: String(model.config.warn_if) } : {}),
      ...(model.config.error_if !== undefined ? { errorIf: String(model.config.error_if) } : {}),
      ...(typeof model.config.fail_calc === 'string' ? { failCalc: model.config.fail_calc } : {}),
      ...(typeof model.config.limit === 'number' ? { limit: model.config.limit } : {}),
    });
  }
  return uniqueNames(tests);
}
