import type { FolderJinja } from './folder-config.js';
import type { Diagnostic } from '../errors.js';
import type { Locate } from './yaml-file.js';
import type { SeedTests } from './read-seed-tests.js';
import type { FileSource } from '../util/file-source.js';
import type { UnresolvedConfigKey } from './validate-resource-config-tree.js';

/** Where something was written: file relative to the project root (posix), 1-based line and column. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

/** `{count: 12, period: 'hour'}` as dbt writes freshness thresholds. */
export interface Duration {
  count: number;
  period: 'minute' | 'hour' | 'day' | 'block';
}

export interface FreshnessConfig {
  warn_after?: Duration;
  error_after?: Duration;
  filter?: string;
}

/** A model config: what `config(...)`, `-- @config:`, property files and `+key` folder configs set. */
export interface ModelConfig {
  materialized?: 'view' | 'table' | 'incremental' | 'ephemeral' | string;
  tags?: string[];
  schema?: string;
  alias?: string;
  enabled?: boolean;
  unique_key?: string | string[];
  incremental_strategy?: string;
  /** Amp dataset dependencies: alias -> `namespace/name@version`. */
  dependencies?: Record<string, string>;
  freshness?: FreshnessConfig;
  track_column?: string;
  [key: string]: unknown;
}

export interface ColumnTest {
  /** not_null, unique, accepted_values, relationships, or a custom generic test name. */
  name: string;
  args: Record<string, unknown>;
  location: Location;
}

export interface ColumnProperties {
  name: string;
  data_type?: string;
  description?: string;
  tests: ColumnTest[];
  meta?: Record<string, unknown>;
  tags?: string[];
  /** Column constraints as written (`[{type: not_null}]`). */
  constraints?: unknown[];
  quote?: boolean;
  location: Location;
}

export interface ModelProperties {
  name: string;
  description?: string;
  columns: ColumnProperties[];
  /** `config:` of the entry, with the entry's own `tags`, `meta` and `docs` folded in (as dbt does). */
  config: ModelConfig;
  /** Its `config:` values written in Jinja, rendered by a compile for the model (as dbt_project.yml's folder configs). */
  configJinja?: FolderJinja;
  /** Model-level generic tests. */
  tests: ColumnTest[];
  access?: 'private' | 'protected' | 'public';
  /** Location of the entry's `name:` key. */
  location: Location;
}

export interface SourceTable {
  name: string;
  identifier: string;
  description?: string;
  columns: ColumnProperties[];
  /** The table's own setting, else the source's. */
  loaded_at_field?: string;
  /** Where that loaded_at_field is written (the table's, else the source's). */
  loadedAtFieldAt?: Location;
  /** The table's own setting, else the source's; null when disabled (`freshness: null`). */
  freshness?: FreshnessConfig | null;
  /** Table-level generic tests. */
  tests?: ColumnTest[];
  tags?: string[];
  meta?: Record<string, unknown>;
  location: Location;
}

export interface SourceDefinition {
  name: string;
  /** Schema holding the tables; defaults to the source name. May be an Amp dataset reference. */
  schema: string;
  database?: string;
  description?: string;
  loader?: string;
  loaded_at_field?: string;
  loadedAtFieldAt?: Location;
  freshness?: FreshnessConfig | null;
  tags?: string[];
  meta?: Record<string, unknown>;
  tables: SourceTable[];
  location: Location;
  /** The vars its fields written in Jinja read (compile/source-jinja.ts): the models reading it read them too. */
  usedVars?: string[];
  /** The macros its fields written in Jinja call (compile/source-jinja.ts): the models reading it call them too. */
  usedMacros?: string[];
}

/** A `.sql` file under a model path. */
export interface ModelFile {
  /** File name without `.sql`; unique across the project. */
  name: string;
  /** Relative to the project root, posix, e.g. `models/staging/stg_transfers.sql`. */
  path: string;
  /** Folders between the model path and the file, e.g. ['staging']. */
  folders: string[];
  /** The model path it was found under, e.g. `models`. */
  modelPath: string;
  /** The file's text: a working tree's model files are read when this is first asked for (discover-project-files). */
  readonly content: string;
  /** The working tree's stamp of the file (FileSource.stamp), when asked for before its text was read. */
  readonly stamp?: string;
}

/** A `.sql` file under a macro path. */
export interface MacroFile {
  path: string;
  /** The text the renderers read: `{% test x %}` blocks as `{% macro test_x %}` (generic-test-blocks.ts). */
  content: string;
  /** The file as written, when it differs from `content` (positions are reported in it: writtenPosition). */
  written?: string;
}

/** A `.sql` file under a test path (singular test). */
export interface TestFile {
  name: string;
  path: string;
  content: string;
}

export interface Project {
  /** Absolute folder of dbt_project.yml (for a git commit: the folder it would be checked out at). */
  root: string;
  files: FileSource;
  name: string;
  version: string;
  /** The `profile:` key of dbt_project.yml, defaulting to the project name. */
  profile: string;
  modelPaths: string[];
  macroPaths: string[];
  testPaths: string[];
  seedPaths: string[];
  /** Project vars (dbt_project.yml `vars`) overridden by `--vars`. */
  vars: Record<string, unknown>;
  /** The `models:` section of dbt_project.yml as written (nested folders, `+key` configs). */
  modelConfigTree: Record<string, unknown>;
  /** Where a key of a mapping taken from dbt_project.yml (a level of `modelConfigTree`) is written. */
  locateInProjectFile?: (container: object) => Locate;
  /** The `seeds:` section of dbt_project.yml as written (see seed-config.ts). */
  seedConfigTree?: Record<string, unknown>;
  /** The `data_tests:` (or `tests:`) section of dbt_project.yml as written (see test-config-tree.ts). */
  testConfigTree?: Record<string, unknown>;
  /** The name of that section as written: `data_tests` or `tests`. */
  testConfigSection?: string;
  /** Keys of `testConfigTree` below the project's level naming no folder: a test's name, or nothing (unused-config-path). */
  unresolvedTestConfigKeys?: UnresolvedConfigKey[];
  /** Folders `amp-dbt clean` removes besides .amp-dbt/compiled (dbt_project.yml `clean-targets`). */
  cleanTargets?: string[];
  /**
   * Later files of a model name an earlier file has (`models` has the first of each): at most one file of a
   * name may be enabled, which renderModels decides.
   */
  duplicateModels?: ModelFile[];
  /** Default freshness thresholds (dbt_project.yml `monitoring`). */
  monitoring: FreshnessConfig;
  models: ModelFile[];
  macros: MacroFile[];
  tests: TestFile[];
  /** Model properties from property files, by model name. */
  modelProperties: Map<string, ModelProperties>;
  /** Data tests declared on seeds in property files, by seed name. */
  seedTests?: Map<string, SeedTests>;
  /** The `config:` of singular tests described in property files (`data_tests:` entries), by test name. */
  singularTestConfigs?: Map<string, Record<string, unknown>>;
  sources: SourceDefinition[];
  /** dbt snapshots under the snapshot paths (not run), by name: their files. */
  snapshots?: ReadonlyMap<string, string>;
}

export type TargetType = 'duckdb' | 'postgres' | 'amp';

/** Models a run builds at once when neither --threads nor the target says (templates' `target.threads` too). */
export const DEFAULT_RUN_THREADS = 4;

/** One output of profiles.yml, after interpolation. */
export interface Target {
  name: string;
  type: TargetType;
  /** Default schema models are built in (duckdb: `main`, postgres: `public`, amp: the namespace). */
  schema: string;
  [key: string]: unknown;
}

/** Where run state is kept (profile-level `state:` in profiles.yml). */
export interface StateConfig {
  type: 'sqlite' | 'postgres';
  /** postgres connection string. */
  url?: string;
  /** sqlite database file. */
  path?: string;
}

export interface Profile {
  /** The profiles.yml file used (absolute path), or null for the embedded default. */
  file: string | null;
  name: string;
  target: Target;
  targets: Record<string, Target>;
  /** The target's name without --target: the profile's `target:`, else its only output, else `dev`. */
  defaultTarget: string;
  /** The profile's `state:` setting, when given. */
  state?: StateConfig;
  /**
   * What is wrong with the `state:` setting (an unset variable in its url, say): reported only by the commands
   * that open the state database, so `compile` and the others work without its credentials.
   */
  stateProblems?: Diagnostic[];
  /**
   * The profile or the target asked for could not be used (reported as errors): this is the embedded
   * default in its place, so the project is still read and checked, but nothing is built or written for it.
   */
  unusable?: true;
}
