import type { SubcommandHelp } from '../command.js';

const json = (shape: string) => `  --json               print ${shape} as JSON on stdout
                       (errors as {"error": {code, message, hint}})`;

const full = '  --full               when the commit is recorded now, render every model (see \'amp-dbt state record\')';

/** On a warehouse runs built into, a move repoints views (or, on Amp, tags versions): nothing is rebuilt. */
const views = `On a duckdb or postgres target that runs have built into (amp-dbt run), the environment's views (its
schema: the target's for prod, <schema>__<env> for others) are pointed at the commit's built model versions,
under the environment's lock, before the pointer moves: nothing is rebuilt and no row is copied. A commit
with a version no run has built is refused (not-built; run it first). On an amp target the environment's
version (0.0.0-env.<name>) is tagged on the manifest hashes the commit's models were registered at.`;

/** `amp-dbt env <sub> --help`: each subcommand's own usage, options and examples. */
export const envSubcommands: Record<string, SubcommandHelp> = {
  list: {
    usage: 'amp-dbt env list [--json]',
    summary: 'Every environment of the repository for the target, by name, with its commit, when it moved and by whom; on stderr, the other targets that have some.',
    options: json('{"repo", "target", "environments", "otherTargets"}'),
    examples: ['amp-dbt env list', 'amp-dbt env list --target ci --json   # the environments of the target ci'],
  },
  show: {
    usage: 'amp-dbt env show NAME [--json]',
    summary: 'Where NAME points, whether that commit is recorded, its last move and who holds its lock.',
    options: json('the environment with "recorded", "lastMove" and "lock"'),
    notes: 'Errors: environment-not-found (with a did-you-mean).',
    examples: ['amp-dbt env show prod', 'amp-dbt env show pr-123 --json'],
  },
  create: {
    usage: 'amp-dbt env create NAME [--commit REF|ENV] [--full] [--json]',
    summary: 'A new environment at --commit (default: HEAD). The commit is recorded first when it is not (a project with errors gets no environment).',
    options: `  --commit REF|ENV     the commit to point at (default: HEAD): another environment's commit, or a git commit,
                       branch or tag (a full sha that is recorded needs no git, as in a shallow CI clone)
${full}
${json('{"environment", "recording", "views"}')}`,
    notes: `${views}

Names use letters, digits, '.', '_' and '-'. Errors: environment-exists, invalid-environment-name (also
HEAD), environment-name-clash (a name equal to another's but for letter case), not-built.`,
    examples: [
      'amp-dbt env create pr-123   # at HEAD',
      'amp-dbt env create staging --commit prod   # at the commit prod points at',
      'amp-dbt env create hotfix --commit v1.4.0 --json',
    ],
  },
  promote: {
    usage: 'amp-dbt env promote FROM TO [--expect SHA] [--from-commit SHA] [--json]',
    summary: "Move TO to the commit FROM points at: a compare-and-swap on TO's current commit (or --expect), holding TO's environment lock.",
    options: `  --expect SHA         the commit TO must still point at (the "from" of a plan); stale-plan otherwise
  --from-commit SHA    the commit FROM must still point at (the "to" of the plan); stale-plan otherwise
${json('{"environment", "from", "previous", "moved", "move", "views"}')}`,
    notes: `To apply a plan ('amp-dbt plan --env TO --commit FROM --json'): --expect its "from" and --from-commit its
"to"; a plan of a TO that does not exist ("from": null) is applied with 'env create TO --commit <its "to">'.

${views}

Errors: environment-not-found, stale-plan, lock-held (env show TO shows who holds it, until when), not-built.`,
    examples: [
      'amp-dbt env promote staging prod',
      'amp-dbt env promote pr-123 prod --expect 1a2b3c4d5e6f --from-commit 9f8e7d6c5b4a   # as planned',
    ],
  },
  rollback: {
    usage: 'amp-dbt env rollback NAME [--to REF|ENV] [--full] [--json]',
    summary: 'Move NAME back to where it pointed before its last move, or to --to.',
    options: `  --to REF|ENV         the commit to move to, read as env create's --commit (recorded first when needed)
${full}
${json('{"environment", "previous", "moved", "move", "views"}')}`,
    notes: `${views}

Errors: environment-not-found, nothing-to-roll-back (no earlier move), lock-held, not-built.`,
    examples: ['amp-dbt env rollback prod   # undo its last move', 'amp-dbt env rollback prod --to v1.3.0'],
  },
  history: {
    usage: 'amp-dbt env history NAME [--json]',
    summary: 'Every move of NAME, newest first: when, why (create, promote, rollback, deploy: a run), from and to which commit, by whom.',
    options: json('{"repo", "target", "environment", "moves"}'),
    notes: 'The actor recorded with each move is AMP_DBT_ACTOR, else GITHUB_ACTOR, else the login name.',
    examples: ['amp-dbt env history prod', 'amp-dbt env history prod --json'],
  },
  delete: {
    usage: 'amp-dbt env delete NAME [--force] [--json]',
    summary: 'Remove NAME and its history, and on a warehouse its views (on Amp, its version tags).',
    options: `  --force              also the production environment (prod), whose views its readers query
${json('{"repo", "target", "deleted", "droppedViews"}')}`,
    notes: 'Errors: environment-not-found, production-environment (prod without --force), lock-held.',
    examples: ['amp-dbt env delete pr-123'],
  },
};
