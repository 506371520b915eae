import { PRODUCTION_ENVIRONMENT } from '../core/run/environment-schema.js';
import { chooseTests } from '../core/test/choose-tests.js';
import { collectDataTests } from '../core/test/collect-data-tests.js';
import type { CompiledWithTests } from '../core/test/compile-with-tests.js';
import type { DataTest } from '../core/test/data-test.js';
import { DataTestError } from '../core/test/data-test-error.js';
import { testQuery } from '../core/test/test-query.js';
import { TestRelations } from '../core/test/test-relations.js';
import { quoteIdentifier } from '../core/warehouse/quote-identifier.js';
import type { CompiledFile } from './compiled-output.js';

/**
 * Where a test's SQL is written under `.amp-dbt/compiled/`: a singular test at its file's path, a generic test
 * as dbt writes it, under its property file: `models/_models.yml/not_null_orders_id.sql`.
 */
export function compiledTestPath(test: DataTest): string {
  return test.kind === 'singular' ? test.location.file : `${test.location.file}/${test.name.replace(/[/\\]/g, '_')}.sql`;
}

/**
 * The tests' queries as `amp-dbt test` runs them against the production environment, as compiled files: those
 * `--select`/`--exclude` choose as `test` does. A test whose query cannot be made (a relationships test's `to:`
 * naming nothing, a package's test: `test` reports it) is neither written nor counted. A target that runs no tests (amp) gets none.
 */
export function compiledTestFiles(tests: CompiledWithTests, select?: string[], exclude?: string[]): CompiledFile[] {
  if (tests.result.target.type === 'amp') return [];
  const every = collectDataTests(tests);
  const chosen = select?.length || exclude?.length ? chooseTests(tests, every, select, exclude).tests : every;
  const relations = new TestRelations(tests.result, PRODUCTION_ENVIRONMENT);
  // Made now, not when written: a test with no query (a package's, not installed) is neither written nor counted.
  return chosen.flatMap((test) => {
    const text = queryOf(test, relations);
    return text === null ? [] : [{ path: compiledTestPath(test), text: () => text }];
  });
}

function queryOf(test: DataTest, relations: TestRelations): string | null {
  try {
    return `${testQuery(test, relations, quoteIdentifier)}\n`;
  } catch (error) {
    if (error instanceof DataTestError) return null;
    throw error;
  }
}
