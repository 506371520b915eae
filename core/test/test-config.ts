import { isMapping } from '../project/mapping-reader.js';
import type { Project } from '../project/project-types.js';
import type { DataTest } from './data-test.js';

/**
 * The test configs dbt_project.yml's `data_tests:` (or `tests:`) tree gives a test, as dbt reads it: the
 * project's name, then each folder of the file the test is written in (below its model or test path), then
 * the test's name; `+key` at each level, the most specific level winning. Keys without their `+`.
 *
 *   data_tests:
 *     my_project:
 *       +severity: warn
 *       marts:
 *         +severity: error
 */
export function testConfigFromTree(project: Project, file: string, name: string): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const folders = file.split('/').slice(1, -1);
  let level: unknown = project.testConfigTree ?? {};
  for (const step of [null, project.name, ...folders, name]) {
    if (step !== null) level = isMapping(level) ? level[step] : undefined;
    if (!isMapping(level)) break;
    for (const [written, value] of Object.entries(level)) if (written.startsWith('+')) config[written.slice(1)] = value;
  }
  return config;
}

/** What a config object sets of a test's configs: the severity (`error` unless `warn`), and only the others it sets. */
export type TestConfig = Pick<DataTest, 'severity' | 'warnIf' | 'errorIf' | 'failCalc' | 'limit' | 'tags'>;

/** The test configs of a config as dbt writes it (`severity`, `warn_if`, `error_if`, `fail_calc`, `limit`, `tags`). */
export function testConfigOf(config: Record<string, unknown>): TestConfig {
  const out: TestConfig = { severity: String(config.severity ?? 'error').toLowerCase() === 'warn' ? 'warn' : 'error' };
  if (typeof config.tags === 'string') out.tags = [config.tags];
  else if (Array.isArray(config.tags)) out.tags = config.tags.map(String);
  if (config.warn_if !== undefined) out.warnIf = String(config.warn_if);
  if (config.error_if !== undefined) out.errorIf = String(config.error_if);
  if (typeof config.fail_calc === 'string') out.failCalc = config.fail_calc;
  if (typeof config.limit === 'number') out.limit = config.limit;
  return out;
}
