import type { OptionSpecs } from './args.js';

/** One CLI command: its help text, options and what it does. Commands are imported lazily. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** The help text after the usage line: arguments and options, one per line. */
  help: string;
  options: OptionSpecs;
  /** A command with subcommands (env, state, jobs): each one's own help, shown by `amp-dbt <command> <sub> --help`. */
  subcommands?: Record<string, SubcommandHelp>;
  run(argv: string[]): Promise<number>;
}

/** The help of one subcommand: what `amp-dbt env create --help` prints instead of the whole group's. */
export interface SubcommandHelp {
  usage: string;
  /** What it does, in a sentence or a short paragraph. */
  summary: string;
  /** Its options, one per line as Command.help writes them (the project options are added after them). */
  options: string;
  /** Paragraphs after the options (errors, where things are kept). */
  notes?: string;
  /** Command lines, each with what it does after a `#`. */
  examples: string[];
}

/** Options every project command takes. */
export const projectOptions: OptionSpecs = {
  'project-dir': { kind: 'string' },
  'profiles-dir': { kind: 'string' },
  target: { kind: 'string', short: 't' },
  help: { kind: 'boolean', short: 'h' },
};

export const projectOptionsHelp = `  --project-dir DIR    the project folder (default: the nearest folder upward holding dbt_project.yml)
  --profiles-dir DIR   where profiles.yml is (default: $AMP_DBT_PROFILES_DIR, else the project folder,
                       then ~/.amp-dbt/)
  -t, --target NAME    a target of the profile (default: the profile's 'target')
  -h, --help           show this help`;

/**
 * `--vars`, of the commands that compile the working tree with it (compile, list, graph, run, test, seed,
 * status). Commands that read recorded commits take it only to refuse it with the reason (refuseVars).
 */
export const varsOptions: OptionSpecs = {
  vars: { kind: 'string' },
};

export const varsOptionHelp = `  --vars YAML          override project vars, e.g. --vars '{"start_block": 100}'`;

export const selectionOptions: OptionSpecs = {
  // dbt's older spelling of --select, still common in scripts.
  select: { kind: 'list', short: 's', aliases: ['--models', '-m'] },
  exclude: { kind: 'list' },
};

export const selectionOptionsHelp = `  -s, --select SEL...  models to include (also -m, --models): names, globs (stg_*), path:, file:, fqn:,
                       tag:, config.materialized:, source:, resource_type:, package:, graph operators
                       (+m, m+, 2+m, m+1, @m; a seed's name too: seed+ is the models reading it);
                       space = union, comma = intersection
  --exclude SEL...     models to leave out (same grammar)`;

/** `--commit REF` of the commands that read a project: compile, list, graph. */
export const commitOptions: OptionSpecs = {
  commit: { kind: 'string' },
};

export const commitOptionHelp = '  --commit REF         read the project as of a git commit, branch or tag (no checkout)';
