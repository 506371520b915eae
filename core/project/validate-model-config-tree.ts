import type { Diagnostics } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { splitConfigTreeLevel } from './config-tree-level.js';
import { splitJinjaConfigs } from './config-jinja.js';
import { isMapping, type Mapping } from './mapping-reader.js';
import { MODEL_CONFIG_KEYS, validateModelConfig } from './model-config-keys.js';
import type { Location } from './project-types.js';
import type { YamlFile } from './yaml-file.js';
import type { ConfigLevels } from './folder-config.js';

const configKeys = MODEL_CONFIG_KEYS.map((key) => `+${key}`);

interface TreeContext {
  projectName: string;
  /** Sub-folder names per folder path ('' is the model path itself). */
  children: Map<string, string[]>;
  yaml: YamlFile;
  diagnostics: Diagnostics;
}

/**
 * Checks the `models:` section of dbt_project.yml: the first level names the project, deeper levels name
 * folders under the model paths (`folders`: `staging`, `staging/orders`); `+key` entries are model configs.
 * A key that is neither is `unknown-key` when it looks like a typo of a folder or config, or when its value
 * cannot be a folder's configs; otherwise (like dbt) it is taken as a folder that holds no models now
 * (or another package) and its configs are still checked.
 */
export function validateModelConfigTree(tree: Mapping, projectName: string, levels: ConfigLevels, yaml: YamlFile, diagnostics: Diagnostics): void {
  const children = childFolders(levels.folders);
  for (const [folder, names] of levels.modelsIn) children.set(folder, [...(children.get(folder) ?? []), ...names]);
  const context: TreeContext = { projectName, children, yaml, diagnostics };
  validateLevel(tree, null, context);
}

/** `folderPath` null is the `models:` level itself; '' the project-name level. */
function validateLevel(level: Mapping, folderPath: string | null, context: TreeContext): void {
  const names = folderPath === null ? [context.projectName] : context.children.get(folderPath) ?? [];
  const split = splitConfigTreeLevel(level, (name) => names.includes(name));
  const locate = context.yaml.locator(level);
  const where = describeLevel(folderPath, context.projectName);
  // Values holding Jinja are checked once a compile has rendered them (compile-project's folder configs); here only their keys.
  const { plain, jinja } = splitJinjaConfigs(split.configs);
  const keysOnly = jinja ? Object.fromEntries(Object.keys(jinja).map((key) => [key, undefined])) : {};
  validateModelConfig({ ...plain, ...keysOnly }, (key, part) => locate(split.writtenKeys.get(key) ?? key, part), context.diagnostics, {
    where: `config ${where}`,
    locateIn: context.yaml.locator,
  });
  for (const key of split.unknown) {
    const suggestion = didYouMean(key, [...names, ...configKeys, ...MODEL_CONFIG_KEYS]);
    if (!suggestion && (isMapping(level[key]) || level[key] === null)) {
      split.folders.set(key, level[key]);
      // As dbt does: a configuration path that applies to no model is worth a warning, not an error.
      if (folderPath !== null) {
        const path = [context.projectName, ...(folderPath ? folderPath.split('/') : []), key].join('.');
        context.diagnostics.warn('unused-config-path', `models.${path} in dbt_project.yml applies to no model (no folder '${folderPath ? `${folderPath}/` : ''}${key}' holds one, nor is a model so named there)`,
          locate(key), names.length ? `folders and models here: ${listed(names)}` : null);
      }
    } else {
      reportUnknownFolder(key, names, folderPath, locate(key), suggestion, context);
    }
  }
  for (const [name, value] of split.folders) {
    const childPath = folderPath === null ? '' : folderPath ? `${folderPath}/${name}` : name;
    if (isMapping(value)) validateLevel(value, childPath, context);
    else if (value !== null) {
      const message = `'${name}' ${folderPath === null ? 'is the project' : 'is a folder'} ${where}; its value must be a mapping of '+key' configs`;
      context.diagnostics.error('invalid-value', message, locate(name, 'value'), `for example '${name}:' then an indented '+materialized: view'`);
    }
  }
}

function reportUnknownFolder(key: string, names: string[], folderPath: string | null, location: Location, suggestion: string, context: TreeContext): void {
  const what = folderPath === null ? `the project name ('${context.projectName}')` : `a folder ${folderPath ? `under '${folderPath}'` : 'of the model paths'}`;
  const message = `unknown key '${key}' ${describeLevel(folderPath, context.projectName)}: it is neither ${what} nor a model config`;
  const hint = suggestion
    || (names.length ? `folders and models here: ${listed(names)}; configs start with '+'` : "configs start with '+', e.g. '+materialized: table'");
  context.diagnostics.error('unknown-key', message, location, hint);
}

function describeLevel(folderPath: string | null, projectName: string): string {
  if (folderPath === null) return "under 'models' in dbt_project.yml";
  const path = [projectName, ...(folderPath ? folderPath.split('/') : [])].join(': ');
  return `under 'models: ${path}' in dbt_project.yml`;
}

/** Names for a hint: the first ten, and how many more (a folder may hold thousands of models). */
const listed = (names: readonly string[]) => (names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', '));

function childFolders(folders: Set<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const path of folders) {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    const list = out.get(parent) ?? [];
    list.push(path.slice(slash + 1));
    out.set(parent, list);
  }
  return out;
}
