import { Diagnostics } from '../../core/errors.js';
import { flag, parseArgs, str, UsageError, type ParsedArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, type Command } from '../command.js';
import { openStateSession } from '../open-state.js';
import { carriedOptions, failed, info, jsonError, printJson } from '../output.js';
import { stateKeyJson } from '../target-state-key.js';

const options = {
  ...projectOptions,
  env: { kind: 'string' as const, short: 'e' },
  json: { kind: 'boolean' as const },
};

export const command: Command = {
  name: 'drift',
  summary: 'Compare what the state database says an environment has with the warehouse.',
  usage: 'amp-dbt drift --env NAME [--json]',
  help: `  -e, --env NAME       the environment to compare (required)
  --json               print the report as JSON on stdout (nothing else)
${projectOptionsHelp}

The environment's pointer names a commit; its recorded manifest names, for each model that is not
ephemeral, a view in the environment's schema over the physical relation <model>__<fp12>.
missing:    a view or physical relation the manifest names that the warehouse lacks
stale:      a view reading another physical relation than the manifest's fingerprint (or none)
runTime:    a model whose SQL holds run_started_at: its view reads what the environment's last deploy
            built, not the recording's fixed-time version (informational)
unexpected: a view in the environment's schemas that reads the physical schema, of no manifest model
orphaned:   a physical relation no manifest of the target's environments references, nor any
            environment's last deploy built for its runTime models, nor any view of the warehouse
            reads (but an orphaned physical view) (informational): 'amp-dbt prune' drops them, but
            for the versions of each environment's previous commit (see its --keep-history)
Exit code 1 when there is drift (missing, stale or unexpected), else 0. With missing or stale ones, a
hint on stderr gives the run that repairs them (amp-dbt run --env NAME --commit <its commit>), after
dropping what a run does not replace (a table in a view's place), which it names.`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const environment = str(args, 'env');
    if (environment === undefined) throw new UsageError('--env is required: the environment to compare');
    const json = flag(args, 'json');
    try {
      return await drift(args, environment, json);
    } catch (error) {
      return jsonError(error, json);
    }
  },
};

async function drift(args: ParsedArgs, environment: string, json: boolean): Promise<number> {
  const diagnostics = new Diagnostics();
  const session = await openStateSession(args, diagnostics, { withProfile: true });
  if (!session) return failed(diagnostics.sorted(), json);
  try {
    const { loadDriftInputs } = await import('../../core/drift/drift-inputs.js');
    const inputs = await loadDriftInputs(session.store, session.repo, environment);
    const target = session.profile!.target;
    const { openWarehouse } = await import('../../core/warehouse/open-warehouse.js');
    const { detectDrift } = await import('../../core/drift/detect-drift.js');
    const warehouse = await openWarehouse(target, { baseDir: session.projectDir });
    const report = await detectDrift(warehouse, target, inputs).finally(() => warehouse.close());
    if (json) printJson({ ...stateKeyJson(session), ...report });
    else {
      const { renderDriftText } = await import('../../core/drift/render-drift-text.js');
      process.stdout.write(renderDriftText(report));
      if (report.missing.length || report.stale.length) {
        // A run of the environment's own commit builds what is missing and points the views back; it moves no pointer.
        // It acts on this project, profile and target: the options that chose them are repeated (carriedOptions).
        const repair = `amp-dbt run --env ${environment} --commit ${report.commit.slice(0, 12)}${carriedOptions()} builds what is missing and repoints the stale views`;
        // A table, or a view reading no physical relation, is not amp-dbt's: a run refuses to replace it (relation-conflict).
        const foreign = report.stale.filter((s) => s.actual === null).map((s) => s.view);
        info(foreign.length ? `hint: drop or rename ${foreign.join(', ')} first (not a view amp-dbt made, so a run does not replace it); then ${repair}` : `hint: ${repair}`);
      }
    }
    return report.drift ? 1 : 0;
  } finally {
    await session.store.close();
  }
}
