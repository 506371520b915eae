import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Diagnostics } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { DEFAULT_DUCKDB_PATH, DEFAULT_TARGET_NAME, buildTarget } from './build-target.js';
import { interpolateTree } from './interpolate-tree.js';
import type { Env } from './interpolate-env.js';
import { MappingReader, isMapping } from './mapping-reader.js';
import type { Profile, StateConfig, Target } from './project-types.js';
import { parseYamlFile, type YamlFile } from './yaml-file.js';

export interface LoadProfileOptions {
  projectRoot: string;
  /** `--profiles-dir`: the folder holding profiles.yml; it must exist when given. Else `AMP_DBT_PROFILES_DIR` of `env`. */
  profilesDir?: string;
  homeDir: string;
  env: Env;
  /** The `profile:` of dbt_project.yml. */
  profileName: string;
  /** `--target`; default: the profile's `target:`. */
  targetName?: string;
}

const profileKeys: ReadonlySet<string> = new Set(['target', 'outputs', 'state']);
const stateKeys: ReadonlySet<string> = new Set(['type', 'url', 'path']);

/** The profile used when there is no profiles.yml at all: DuckDB in `.amp-dbt/warehouse.duckdb`. */
export function defaultProfile(name: string, file: string | null = null): Profile {
  const target: Target = { name: DEFAULT_TARGET_NAME, type: 'duckdb', path: DEFAULT_DUCKDB_PATH, schema: 'main' };
  return { file, name, target, targets: { [target.name]: target }, defaultTarget: target.name };
}

/**
 * Finds profiles.yml (`profilesDir` or AMP_DBT_PROFILES_DIR, else the project root, else `<home>/.amp-dbt/`), picks the profile and
 * target, interpolates environment references and checks the target. Problems go to `diagnostics`; the
 * embedded default is returned when there is no file (or nothing usable in it).
 */
export function loadProfile(options: LoadProfileOptions, diagnostics: Diagnostics): Profile {
  const given = givenProfilesDir(options);
  const file = findProfilesFile(options, given, diagnostics);
  if (!file) {
    const profile = defaultProfile(options.profileName);
    if (options.targetName !== undefined && given === undefined && !(options.targetName in profile.targets)) {
      diagnostics.error('unknown-target',
        `target '${options.targetName}' (from --target) is not defined: there is no profiles.yml (in the project folder or ~/.amp-dbt/), and the embedded default has only the target 'dev'`,
        { file: '' }, `add a profiles.yml with a '${options.targetName}' output, or leave --target out`);
      return { ...profile, unusable: true };
    }
    return given === undefined ? profile : { ...profile, unusable: true };
  }
  const yaml = parseYamlFile(readFileSync(file, 'utf8'), displayPath(options.projectRoot, file), diagnostics);
  const profile = yaml.ok ? selectProfile(yaml, options.profileName, diagnostics) : undefined;
  return (profile && readProfile(profile, yaml, file, options)) ?? { ...defaultProfile(options.profileName, file), unusable: true };
}

/** The folder named by --profiles-dir, else by the AMP_DBT_PROFILES_DIR variable, and what named it. */
function givenProfilesDir(options: LoadProfileOptions): { dir: string; by: string } | undefined {
  if (options.profilesDir !== undefined) return { dir: options.profilesDir, by: '--profiles-dir' };
  const fromEnv = options.env.AMP_DBT_PROFILES_DIR;
  // Relative to the current folder, as --profiles-dir and dbt's DBT_PROFILES_DIR are.
  return fromEnv ? { dir: resolve(fromEnv), by: 'AMP_DBT_PROFILES_DIR' } : undefined;
}

function findProfilesFile(options: LoadProfileOptions, given: { dir: string; by: string } | undefined, diagnostics: Diagnostics): string | null {
  if (given !== undefined) {
    const file = join(given.dir, 'profiles.yml');
    if (existsSync(file)) return file;
    diagnostics.error('missing-file', `no profiles.yml in ${given.dir} (given with ${given.by})`, { file: displayPath(options.projectRoot, file) },
      `check the ${given.by} folder, or leave it out to use the project folder, ~/.amp-dbt/ or the embedded DuckDB default`);
    return null;
  }
  const candidates = [join(options.projectRoot, 'profiles.yml'), join(options.homeDir, '.amp-dbt', 'profiles.yml')];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/** Relative to the project root when inside it, else absolute; posix separators. */
function displayPath(projectRoot: string, file: string): string {
  const path = relative(projectRoot, file);
  return (path.startsWith('..') || isAbsolute(path) ? file : path).split(sep).join('/');
}

function selectProfile(yaml: YamlFile, name: string, diagnostics: Diagnostics): MappingReader | undefined {
  const root = isMapping(yaml.value) ? yaml.value : {};
  const profile = root[name];
  const context = { diagnostics, locateIn: yaml.locator };
  if (isMapping(profile)) return new MappingReader(profile, yaml.locator(profile), context, `profile '${name}'`);
  const names = Object.keys(root).filter((key) => key !== 'config');
  if (profile !== undefined) {
    new MappingReader(root, yaml.locator(root), context, yaml.file).invalid(name, 'a mapping with target and outputs');
    return undefined;
  }
  const available = names.length ? `available profiles: ${names.join(', ')}` : 'it defines no profiles';
  const hint = didYouMean(name, names) || (names.length
    ? `set 'profile:' in dbt_project.yml to one of them, or add a '${name}:' profile`
    : `add a '${name}:' profile (with target: and outputs:), or remove the empty file to use the embedded DuckDB target`);
  diagnostics.error('unknown-profile', `profile '${name}' is not in ${yaml.file}; ${available}`, yaml.at([]), hint);
  return undefined;
}

function readProfile(profile: MappingReader, yaml: YamlFile, file: string, options: LoadProfileOptions): Profile | undefined {
  const errorsBefore = profile.diagnostics.sorted().length;
  profile.checkKeys(profileKeys);
  const env = options.env;
  const outputs = profile.child('outputs', `outputs of ${profile.where}`);
  if (!outputs) return reportNoOutputs(profile);
  const chosen = chooseTarget(profile, outputs, yaml, options);
  if (chosen === undefined) return undefined;
  const { name: targetName, defaultName: defaultTarget } = chosen;
  const targets = buildTargets(outputs, targetName, profile.where, yaml, env);
  const target = targets[targetName];
  if (!target) return undefined;
  // Checked apart: only the commands that open the state database report its problems.
  const stateDiagnostics = new Diagnostics();
  const stateReader = new MappingReader(profile.value, profile.locate, { diagnostics: stateDiagnostics, locateIn: yaml.locator }, profile.where);
  const state = readState(stateReader, yaml, env);
  const stateProblems = stateDiagnostics.sorted();
  // A target read with errors (an unknown key, a value of the wrong kind) is not used as far as it was read:
  // `seed` would load into it, with `schema` or `password` mistyped, another schema or none.
  const unusable = profile.diagnostics.sorted().length > errorsBefore;
  return {
    file, name: options.profileName, target, targets, defaultTarget,
    ...(state && stateProblems.length === 0 ? { state } : {}), ...(stateProblems.length ? { stateProblems } : {}),
    ...(unusable ? { unusable: true as const } : {}),
  };
}

function reportNoOutputs(profile: MappingReader): undefined {
  if (!profile.has('outputs')) {
    profile.diagnostics.error('invalid-value', `${profile.where} has no 'outputs'`, profile.locate('', 'key'), "add 'outputs:' with at least one target, e.g. 'dev: {type: duckdb}'");
  }
  return undefined;
}

/** `--target`, else (the default) the profile's `target:`, else `dev` or the only output. */
function chooseTarget(
  profile: MappingReader, outputs: MappingReader, yaml: YamlFile, options: LoadProfileOptions,
): { name: string; defaultName: string } | undefined {
  interpolateTree(profile.value, ['target'], yaml, options.env, profile.diagnostics);
  const names = Object.keys(outputs.value);
  const fromFile = profile.text('target');
  const defaultName = fromFile ?? (names.length === 1 ? names[0] : DEFAULT_TARGET_NAME);
  const name = options.targetName ?? defaultName;
  if (names.includes(name)) return { name, defaultName };
  const location = options.targetName === undefined && fromFile !== undefined ? profile.locate('target', 'value') : profile.locate('outputs', 'key');
  const origin = options.targetName !== undefined ? ' (from --target)' : fromFile === undefined ? " (the default; the profile sets no 'target:')" : '';
  const message = `target '${name}'${origin} is not an output of ${profile.where}; available targets: ${names.join(', ') || 'none'}`;
  profile.diagnostics.error('unknown-target', message, location, didYouMean(name, names) || `use one of: ${names.join(', ')}`);
  return undefined;
}

/** Every output as a Target; only the chosen one reports problems (others may need variables not set here). */
function buildTargets(outputs: MappingReader, chosen: string, profileWhere: string, yaml: YamlFile, env: Env): Record<string, Target> {
  const out: Record<string, Target> = {};
  for (const name of Object.keys(outputs.value)) {
    const diagnostics = name === chosen ? outputs.diagnostics : new Diagnostics();
    const reader = new MappingReader(outputs.value, outputs.locate, { diagnostics, locateIn: yaml.locator }, outputs.where);
    const target = reader.child(name, `target '${name}' of ${profileWhere}`);
    if (!target) continue;
    interpolateTree(target.value, null, yaml, env, diagnostics);
    const built = buildTarget(name, target);
    if (built) out[name] = built;
  }
  return out;
}

function readState(profile: MappingReader, yaml: YamlFile, env: Env): StateConfig | undefined {
  const state = profile.child('state', `state of ${profile.where}`);
  if (!state) return undefined;
  state.checkKeys(stateKeys);
  interpolateTree(state.value, null, yaml, env, state.diagnostics);
  if (!state.has('type')) return state.invalid('type', 'sqlite or postgres');
  const type = state.oneOf('type', ['sqlite', 'postgres'] as const);
  const url = state.string('url');
  const path = state.string('path');
  return type && { type, ...(url !== undefined ? { url } : {}), ...(path !== undefined ? { path } : {}) };
}
