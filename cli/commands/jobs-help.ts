import type { SubcommandHelp } from '../command.js';

const json = '  --json               print the server\'s answer as JSON on stdout';
const target = 'The target is --target, else the profile\'s target when it is an amp one, else its only amp target.';

/** `amp-dbt jobs <sub> --help`: each subcommand's own usage, options and examples. */
export const jobsSubcommands: Record<string, SubcommandHelp> = {
  list: {
    usage: 'amp-dbt jobs list [--status S] [--all] [--json]',
    summary: "The jobs of the target's namespace (the project's datasets), newest first (all pages), with each one's dataset and manifest hash.",
    options: `  --status S           active (not finished), all (the default), or statuses separated by commas
                       (SCHEDULED, RUNNING, COMPLETED, STOPPED, STOP_REQUESTED, STOPPING, ERROR, FATAL, UNKNOWN)
  --all                the jobs of every namespace on the server, not only the target's
  --json               print {"namespace", "jobs"} as JSON on stdout`,
    notes: target,
    examples: ['amp-dbt jobs list', 'amp-dbt jobs list --status active', 'amp-dbt jobs list --status ERROR,FATAL --all --json'],
  },
  status: {
    usage: 'amp-dbt jobs status ID [--json]',
    summary: 'One job: status, dataset, end block, and per-table progress (block, files, bytes). The exit code is 1 when the job failed (ERROR or FATAL).',
    options: '  --json               print {"job", "progress"} as JSON on stdout',
    notes: target,
    examples: ['amp-dbt jobs status 7'],
  },
  logs: {
    usage: 'amp-dbt jobs logs ID [--json]',
    summary: "The job's lifecycle events (SCHEDULED, RUNNING, COMPLETED, ERROR, ...), with why a failed job failed under its ERROR or FATAL event.",
    options: json,
    notes: target,
    examples: ['amp-dbt jobs logs 7'],
  },
  stop: {
    usage: 'amp-dbt jobs stop ID [--json]',
    summary: 'Ask the job to stop (a finished job is left as it is).',
    options: '  --json               print {"job", "stopRequested"} as JSON on stdout',
    notes: target,
    examples: ['amp-dbt jobs stop 7   # then amp-dbt jobs status 7 shows when it has stopped'],
  },
  resume: {
    usage: 'amp-dbt jobs resume MODEL [--env NAME] [--end-block B] [--json]',
    summary: 'Start a job for a registered model whose newest job has finished (stopped, failed or completed); a job still running is left alone.',
    options: `  -e, --env NAME       the version tagged for the environment (default: the model's fingerprint in the
                       working tree)
  --end-block B        where the job stops: latest, a block number or -N (default: the model's end_block
                       config, else never)
  --json               print {"model", "dataset", "started", "jobId", "status"} as JSON on stdout`,
    notes: target,
    examples: ['amp-dbt jobs resume fct_transfers', 'amp-dbt jobs resume fct_transfers --env prod --end-block latest'],
  },
};
