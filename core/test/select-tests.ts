import type { DataTest } from './data-test.js';

export interface TestSelection {
  /** Models chosen by --select / --exclude (selectModels). */
  models: ReadonlySet<string>;
  select?: string[];
  exclude?: string[];
}

/** `source:eth` or `source:eth.logs` terms of selector arguments (other terms select models). */
function sourceTerms(args: string[] | undefined): string[] {
  const terms = (args ?? []).flatMap((arg) => arg.split(/\s+/));
  return terms.flatMap((term) => {
    const match = /^\+?source:([^,+\s]+)\+?$/.exec(term);
    return match ? [match[1]] : [];
  });
}

/** Plain names among the selector arguments: a test may be chosen by its own name, as in dbt. */
export function nameTerms(args: string[] | undefined): Set<string> {
  return new Set((args ?? []).flatMap((arg) => arg.split(/\s+/)).filter((term) => /^[A-Za-z0-9_.-]+$/.test(term)));
}

const matchesSource = (key: string, terms: string[]) => terms.some((term) => term === key || term === key.slice(0, key.indexOf('.')));

/**
 * Which tests run. Without --select or --exclude, all of them. Otherwise a test attached to a model (or a
 * singular test reading models) runs when one of its models is selected; a test reading only sources (a
 * source test) runs when --select is not given or names its source (`source:eth_firehose`,
 * `source:eth_firehose.logs`), and not when --exclude names it. A test's own name (`unique_orders_id`,
 * `assert_no_negative_amount`) selects or excludes it, and a seed's name its tests, as in dbt.
 */
export function selectTests(tests: DataTest[], selection: TestSelection): DataTest[] {
  if (!selection.select?.length && !selection.exclude?.length) return tests;
  const included = sourceTerms(selection.select);
  const excluded = sourceTerms(selection.exclude);
  const includedNames = nameTerms(selection.select);
  const excludedNames = nameTerms(selection.exclude);
  return tests.filter((test) => {
    if (excludedNames.has(test.name) || (test.seed !== undefined && excludedNames.has(test.seed))) return false;
    if (includedNames.has(test.name) || (test.seed !== undefined && includedNames.has(test.seed))) return true;
    if (test.models.length > 0) return test.models.some((name) => selection.models.has(name));
    if (test.sources.some((key) => matchesSource(key, excluded))) return false;
    return !selection.select?.length || test.sources.some((key) => matchesSource(key, included));
  });
}
