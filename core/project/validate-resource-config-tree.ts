import type { Diagnostics } from '../errors.js';
import type { Location } from './project-types.js';
import { didYouMean } from '../util/did-you-mean.js';
import { holdsJinja } from './config-jinja.js';
import { describeValue, isMapping, type Mapping } from './mapping-reader.js';
import type { YamlFile } from './yaml-file.js';
import { configProblem } from './resource-configs.js';

/** What a `seeds:` or `data_tests:` tree of dbt_project.yml may name below the project's level. */
export interface ResourcePaths {
  /** The section as written in dbt_project.yml (`seeds`, `data_tests`, `tests`). */
  section: string;
  /** What the section configures (`seed`, `test`). */
  noun: string;
  /** Each resource's steps below the project level: its folders, then (when known) its own name. */
  paths: ReadonlyArray<readonly string[]>;
  /** Whether `paths` end with the resources' own names; when not (tests), a key that is no folder may be one. */
  namesKnown: boolean;
  /** Keys written without `+` that are still configs (dbt reads `enabled:` as `+enabled:` in `seeds:`). */
  bareConfigs?: ReadonlySet<string>;
  /**
   * The configs the section's resources take: a `+key` near one of them and not one (a typo) is a warning
   * with the name (other names pass: dbt takes custom configs); `check` gives what a value must be when it
   * is not (written in Jinja, a value is taken as written), `hint` what it may have meant (`wrn`: warn).
   */
  configs?: { names: ReadonlySet<string>; check?: (name: string, value: unknown) => string | null; hint?: (name: string, value: unknown) => string | null };
  /** Whether the compile renders configs written in Jinja (and checks them then): else each is warned about, taken as written. */
  rendersJinja?: boolean;
}


/**
 * A key below the project's level of a `data_tests:` tree that names no folder there: it configures the test of
 * that name whose file is in exactly those folders, if there is one (which the property files tell, read later).
 */
export interface UnresolvedConfigKey {
  /** The folders above the key, below the project's level. */
  folders: string[];
  key: string;
  /** The path as dbt prints it (`data_tests.my_project.marts.unique_orders_id`). */
  path: string;
  location: Location;
}

/**
 * Checks the levels of a `seeds:` or `data_tests:` tree as validateModelConfigTree checks `models:`: the first
 * level names the project, deeper ones folders (and seed files). A key that looks like a typo of a name at its
 * level is `unknown-key` with a did-you-mean (its configs would apply to nothing); a path that matches no
 * resource otherwise is dbt's `unused-config-path` warning. `+key` configs are checked when `configs` says how.
 * When the resources' own names are not known (tests), the keys that may be one are returned instead.
 */
export function validateResourceConfigTree(tree: Mapping, projectName: string, resources: ResourcePaths, yaml: YamlFile, diagnostics: Diagnostics): UnresolvedConfigKey[] {
  const unresolved: UnresolvedConfigKey[] = [];
  const isConfig = (key: string) => key.startsWith('+') || (resources.bareConfigs?.has(key) ?? false);
  const visit = (level: Mapping, steps: string[]) => {
    const where = [resources.section, ...steps].join(': ');
    const names = steps.length === 0 ? [projectName] : namesBelow(resources.paths, steps.slice(1));
    for (const key of Object.keys(level)) {
      if (isConfig(key)) {
        // The seeds: tree's configs in Jinja are taken as written (docs/dbt-compatibility.md).
        if (holdsJinja(level[key]) && resources.rendersJinja) continue;
        if (holdsJinja(level[key])) {
          diagnostics.warn('not-supported', `Jinja in '${key}' under '${where}' in dbt_project.yml is not rendered: the value is taken as written`,
            yaml.locator(level)(key, 'value'), 'write the value itself: var(), env_var() and target are not read here');
        } else if (resources.configs) {
          checkConfig(key, level[key], resources.configs, `'${key}' under '${where}' in dbt_project.yml`, resources.noun, yaml.locator(level), diagnostics);
        }
        continue;
      }
      if (names.includes(key)) {
        const value = level[key];
        if (isMapping(value)) visit(value, [...steps, key]);
        continue;
      }
      const locate = yaml.locator(level);
      const suggestion = didYouMean(key, names);
      const what = steps.length === 0 ? `the project name ('${projectName}')` : resources.namesKnown ? `a folder or ${resources.noun} here` : 'a folder here';
      if (suggestion) {
        diagnostics.error('unknown-key', `unknown key '${key}' under '${where}' in dbt_project.yml: it is not ${what}, so its configs apply to no ${resources.noun}`,
          locate(key), suggestion);
      } else if (steps.length === 0 || resources.namesKnown) {
        diagnostics.warn('unused-config-path', `${[resources.section, ...steps, key].join('.')} in dbt_project.yml applies to no ${resources.noun} (it is not ${what})`,
          locate(key), names.length ? `names here: ${names.slice(0, 10).join(', ')}` : null);
      } else {
        unresolved.push({ folders: steps.slice(1), key, path: [resources.section, ...steps, key].join('.'), location: locate(key) });
      }
    }
  };
  visit(tree, []);
  return unresolved;
}

function checkConfig(
  key: string, value: unknown, configs: NonNullable<ResourcePaths['configs']>, where: string, noun: string, locate: ReturnType<YamlFile['locator']>, diagnostics: Diagnostics,
): void {
  const problem = configProblem(key.startsWith('+') ? key.slice(1) : key, value, configs);
  if (problem && 'near' in problem) diagnostics.warn('unknown-config', `${where} is not a ${noun} config amp-dbt or dbt reads: it is kept, and nothing acts on it`, locate(key), problem.near);
  else if (problem) diagnostics.error('invalid-value', `${where} must be ${problem.expected}, got ${describeValue(value)}`, locate(key, 'value'), problem.hint);
}

/** The names one level below `prefix` (steps under the project level) among the resources' paths. */
function namesBelow(paths: ReadonlyArray<readonly string[]>, prefix: readonly string[]): string[] {
  const names = new Set<string>();
  for (const path of paths) {
    if (path.length <= prefix.length || prefix.some((step, i) => path[i] !== step)) continue;
    names.add(path[prefix.length]);
  }
  return [...names].sort();
}
