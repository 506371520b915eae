import { seedReaders } from '../compile/compile-project.js';
import { selectModels } from '../graph/select.js';
import { selectableSources } from '../graph/source-tables.js';
import { isTestModel, type CompiledWithTests } from './compile-with-tests.js';
import type { DataTest } from './data-test.js';
import { selectTests, tagTerms, testNameMatcher } from './select-tests.js';
import { withoutGraphOperators } from '../graph/parse-selector.js';

/**
 * `amp-dbt test --select/--exclude`: the models and source tables selected (selectModels, source tables
 * by `source:`, their tags and `+`), then the tests on them (selectTests), and the selection's warnings less
 * those about a selector naming a test or a seed with tests (such a selector matches no model; one naming a
 * seed without tests says so); a selector that matches nothing gets the nearest test or seed name as a
 * did-you-mean too.
 */
export function chooseTests(compiled: CompiledWithTests, everyTest: DataTest[], select?: string[], exclude?: string[]): { tests: DataTest[]; warnings: string[] } {
  const { result } = compiled;
  const readers = select?.length || exclude?.length ? seedReaders(result) : undefined;
  // A name that matches nothing gets the nearest test or seed name too (both select tests here).
  const otherNames = [...everyTest.map((t) => t.name), ...(readers?.keys() ?? [])];
  // A seed's name is no model's: its warning says it is a seed, not a did-you-mean at a model of a near name.
  const notInGraph = readers && new Map([...readers.keys()].map((name) => [name, 'seed' as const]));
  const selection = selectModels(result.graph, {
    select, exclude, sources: selectableSources(result.sources), selectsSources: true, otherNames, seedReaders: readers, notInGraph,
  });
  const models = new Set(selection.selected.filter((name) => !isTestModel(name, result.project)));
  // What --exclude names by itself: a test reading any of it does not run, as in dbt.
  const excludedOnly = exclude?.length
    ? selectModels(result.graph, { select: exclude, sources: selectableSources(result.sources), selectsSources: true, otherNames, seedReaders: seedReaders(result) })
    : undefined;
  const excluded = excludedOnly && { models: new Set(excludedOnly.selected), sources: new Set(excludedOnly.sources) };
  const tests = selectTests(everyTest, { models, sources: new Set(selection.sources), select, exclude, excluded });
  const testNames = everyTest.flatMap((t) => (t.seed === undefined ? [t.name] : [t.name, t.seed]));
  // The selector a warning is about is its first quoted text (a did-you-mean may name a test further on).
  const seedNames = new Set(everyTest.flatMap((t) => (t.seed === undefined ? [] : [t.seed])));
  const testTags = new Set(everyTest.flatMap((t) => t.tags ?? []));
  const warnings = selection.warnings.flatMap((warning) => {
    const selector = /^selector '([^']*)'/.exec(warning)?.[1] ?? '';
    const names = testNameMatcher([selector]);
    // `countries+` of a seed with tests selects those tests, as `countries` does.
    if (testNames.some(names) || seedNames.has(withoutGraphOperators(selector)) || [...tagTerms([selector])].some((tag) => testTags.has(tag))) return [];
    const read = readers?.get(selector);
    if (read === undefined) return [warning];
    return [`selector '${selector}' names seed '${selector}', which has no tests${read.length ? `; '${selector}+' selects the tests of the models reading it` : ''}`];
  });
  return { tests, warnings };
}
