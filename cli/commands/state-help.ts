import type { SubcommandHelp } from '../command.js';

const where = `The state database is AMP_DBT_STATE_URL (sqlite:PATH, relative to the current folder, or postgres://...),
else the profile's 'state:' block (relative to the project folder), else .amp-dbt/state.db in the project
folder. Records are kept per repository and target (--target, else the profile's).`;

/** `amp-dbt state <sub> --help`: each subcommand's own usage, options and examples. */
export const stateSubcommands: Record<string, SubcommandHelp> = {
  record: {
    usage: 'amp-dbt state record [--commit REF] [--full] [--json]',
    summary: `Compile the project as of a commit and store its manifest (every model's path, blob id, config, refs,
canonical SQL, fingerprint, columns; macros and vars used): what environments point at, diffs and plans compare.`,
    options: `  --commit REF         the commit, branch or tag to record (default: HEAD); read from git, no checkout
  --full               render every model, ignoring recorded ancestors
  --json               print {"commit", "recorded", "alreadyRecorded", "recordedAgain", "replacedRevision",
                       "repo", "target", "projectName", "models", "mode", "base", "reason", "rendered",
                       "reused", "durationMs", "errors", "warnings"} on stdout`,
    notes: `Recording a commit again does nothing. When an ancestor (first parents, up to 64 back) is recorded, only
models whose file, macros or vars changed are rendered again; a changed property file, profiles.yml or
dbt_project.yml setting (other than vars) renders every model. Without --commit, while the project's files
have uncommitted changes, a note on stderr says the manifest is HEAD's. A commit whose project has errors is
not recorded: the errors are printed as file:line:col and the exit code is 1.

${where}`,
    examples: [
      'amp-dbt state record   # HEAD',
      'amp-dbt state record --commit origin/main --json',
      'amp-dbt state record --commit v1.4.0 --full   # every model rendered',
    ],
  },
  runs: {
    usage: 'amp-dbt state runs [--env NAME] [--limit N] [--json]',
    summary: 'The job history: runs (amp-dbt run) newest first, with id, status, environment, commit, start, who and the command.',
    options: `  -e, --env NAME       only the runs of this environment
  --limit N            how many, newest first (default 20)
  --json               print {"repo", "target", "runs"} on stdout (each run's "processGone": running with no
                       live lease, so killed)`,
    notes: where,
    examples: ['amp-dbt state runs', 'amp-dbt state runs --env prod --limit 5'],
  },
  run: {
    usage: 'amp-dbt state run ID [--json]',
    summary: "One run with every model's result: status, rows, duration, error, and on Amp the dataset, manifest hash and job id.",
    options: '  --json               print the run with its "models" on stdout',
    notes: where,
    examples: ['amp-dbt state run 42   # an id that amp-dbt state runs lists'],
  },
};
