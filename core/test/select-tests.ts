import { globToRegExp, isGlob } from '../graph/glob-to-regexp.js';
import { withoutGraphOperators } from '../graph/parse-selector.js';
import type { DataTest } from './data-test.js';
import { relationshipParent } from './test-relations.js';

export interface TestSelection {
  /** Models chosen by --select / --exclude (selectModels). */
  models: ReadonlySet<string>;
  /** Source tables (`source.table`) chosen by --select / --exclude (selectModels' `sources`). */
  sources: ReadonlySet<string>;
  select?: string[];
  exclude?: string[];
  /** Models and source tables --exclude names (alone, without --select): a test reading one of them does not run. */
  excluded?: { models: ReadonlySet<string>; sources: ReadonlySet<string> };
}

/** Plain names among the selector arguments: a test may be chosen by its own name, as in dbt. */
export function nameTerms(args: string[] | undefined): Set<string> {
  return new Set((args ?? []).flatMap((arg) => arg.split(/\s+/)).filter((term) => /^[A-Za-z0-9_.-]+$/.test(term)));
}

/** Whether a test's name is among the selector arguments: by name, or by a glob of names (`unique_*`), as in dbt. */
export function testNameMatcher(args: string[] | undefined): (name: string) => boolean {
  const names = nameTerms(args);
  const globs = (args ?? []).flatMap((arg) => arg.split(/\s+/)).filter((term) => isGlob(term) && /^[A-Za-z0-9_.*?[\]!-]+$/.test(term)).map(globToRegExp);
  return (name) => names.has(name) || globs.some((glob) => glob.test(name));
}

/** The tags of `tag:X` terms among the selector arguments (alone, not joined with commas): a test's own tags select it. */
export function tagTerms(args: string[] | undefined): Set<string> {
  return new Set((args ?? []).flatMap((arg) => arg.split(/\s+/)).flatMap((term) => /^tag:([^,+@]+)$/.exec(term)?.[1] ?? []));
}

const taggedWith = (test: DataTest, tags: ReadonlySet<string>) => test.tags?.some((tag) => tags.has(tag)) ?? false;

/**
 * Seed names among the selector arguments, graph operators aside: `countries+`, `+countries`, `countries+1`
 * and `@countries` all select the seed itself too (its tests), as in dbt.
 */
function seedTerms(args: string[] | undefined): Set<string> {
  return nameTerms((args ?? []).flatMap((arg) => arg.split(/\s+/)).map(withoutGraphOperators));
}

/**
 * Which tests run. Without --select or --exclude, all of them. Otherwise a test attached to a model (or a
 * singular test reading models) runs when one of its models is selected, and a test reading only sources (a
 * source test) when one of its source tables is (`source:eth_firehose`, `source:eth_firehose.logs`, a tag
 * of the table or its source, `+model` of a model reading it). A test's own name (`unique_orders_id`,
 * `assert_no_negative_amount`), a glob of names (`unique_*`) or `tag:X` of one of its own tags selects or excludes it,
 * and a seed's name (with graph operators or not) its tests, as in dbt.
 * A relationships test also runs when what its `to:` names is selected, and no test runs when a relation it
 * reads is excluded (dbt's default, eager, indirect selection).
 */
export function selectTests(tests: DataTest[], selection: TestSelection): DataTest[] {
  if (!selection.select?.length && !selection.exclude?.length) return tests;
  const [included, excluded] = [testNameMatcher(selection.select), testNameMatcher(selection.exclude)];
  const [includedSeeds, excludedSeeds] = [seedTerms(selection.select), seedTerms(selection.exclude)];
  const [includedTags, excludedTags] = [tagTerms(selection.select), tagTerms(selection.exclude)];
  return tests.filter((test) => {
    if (excluded(test.name) || (test.seed !== undefined && excludedSeeds.has(test.seed)) || taggedWith(test, excludedTags)) return false;
    if (included(test.name) || (test.seed !== undefined && includedSeeds.has(test.seed)) || taggedWith(test, includedTags)) return true;
    // dbt's eager selection: a test runs when any relation it reads is selected (a relationships test's
    // `to:` too), and not when one of them is excluded.
    const parent = test.kind === 'relationships' ? relationshipParent(test.args.to) : null;
    const models = parent && 'model' in parent ? [...test.models, parent.model] : test.models;
    const sources = parent && 'source' in parent ? [...test.sources, parent.source] : test.sources;
    const out = selection.excluded;
    if (out && (models.some((name) => out.models.has(name)) || sources.some((key) => out.sources.has(key)))) return false;
    if (parent && 'model' in parent && includedSeeds.has(parent.model)) return true;
    if (models.some((name) => selection.models.has(name))) return true;
    // A test reading models runs for them; one reading only sources (a source test) for its source tables.
    return (test.models.length === 0 || parent !== null) && sources.some((key) => selection.sources.has(key));
  });
}
