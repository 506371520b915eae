import { Diagnostics } from '../../core/errors.js';
import { selectModels } from '../../core/graph/select.js';
import { selectableSources } from '../../core/graph/source-tables.js';
import { flag, list, parseArgs, str, type ParsedArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, varsOptions, varsOptionHelp, selectionOptions, selectionOptionsHelp, type Command } from '../command.js';
import { openAndCompile } from '../open-project.js';
import { openStateSession } from '../open-state.js';
import { withWorktreeStateNote } from '../worktree-state-note.js';
import { failed, jsonError, printJson, printWarning, withCarriedOptions } from '../output.js';
import { RunningWork } from '../running-work.js';
import { stateKeyJson } from '../target-state-key.js';
import type { StateStore } from '../../core/state/state-store.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  ...selectionOptions,
  env: { kind: 'string' as const, short: 'e' },
  json: { kind: 'boolean' as const },
};

export const command: Command = {
  name: 'status',
  summary: 'Freshness of an environment: how far each model and source table is behind the chain head or the clock.',
  usage: 'amp-dbt status [--env NAME] [--select SEL...] [--exclude SEL...] [--json]',
  help: `  -e, --env NAME       the environment whose views are read (default: prod, the target's own schemas)
${selectionOptionsHelp}
  --json               print {"repo", "target", "environment", "chainHead", "checkedAt", "rows"} as JSON on stdout
${varsOptionHelp}
${projectOptionsHelp}

Source tables shown: with a selection, those it selects (by source:, their tags or +model) and those the
selected models read; with --exclude alone, every table it does not remove; a table --exclude removes is
left out either way.

Models are those of the working tree's project, read through the environment's views. A model is
measured by its track_column config, else its block_num or _block_num column; a source table by its
loaded_at_field, else its block_num or _block_num column. Integer columns are block numbers: their age
is the chain head (the highest block_num or _block_num of the source tables) minus the latest block. Timestamp columns are aged against the clock.
Thresholds: the model's freshness config, the source's freshness, else monitoring in dbt_project.yml.
Each status (fresh, warn, error, unknown) is stored as model state of the environment (sources as
source:<source>.<table>). Exit code 1 when any is error, else 0. While a relation is read, stderr shows it
(on a terminal a status line with its elapsed time, otherwise a line after 30 s and every 60 s after).

On an amp target (--target) a registered model's latest block is its newest job's progress (else
MAX(_block_num) of its table), at the environment's version tag when the server has one, else at the
working tree's fingerprint; the chain head is the highest _block_num of the external datasets read.
Ad-hoc models (register: false) are not-tracked: queries with no job or block to measure, stored as such
and never a problem for the exit code.`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const environment = str(args, 'env') ?? 'prod';
    const json = flag(args, 'json');
    try {
      return await status(args, environment, json);
    } catch (error) {
      return jsonError(error, json);
    }
  },
};

async function status(args: ParsedArgs, environment: string, json: boolean): Promise<number> {
  const { checkEnvironmentName } = await import('../../core/environments/check-environment-name.js');
  checkEnvironmentName(environment);
  const compiled = await openAndCompile(args, { selectsSources: true });
  const { result } = compiled;
  if (!result || compiled.diagnostics.hasErrors) return failed(compiled.diagnostics.sorted(), json);
  const diagnostics = new Diagnostics();
  const session = await openStateSession(args, diagnostics, { outsideGit: true });
  if (!session) return failed(diagnostics.sorted(), json);
  const { checkEnvironmentKnown } = await import('../../core/environments/check-environment-known.js');
  const { openWarehouse } = await import('../../core/warehouse/open-warehouse.js');
  const { checkFreshness } = await import('../../core/freshness/check-freshness.js');
  const { saveFreshness } = await import('../../core/freshness/save-freshness.js');
  try {
    await checkEnvironmentKnown(session.store, session.repo, environment).catch((error: unknown) => {
      throw withWorktreeStateNote(error, session);
    });
    const selected = new Set(compiled.selected);
    const exclude = list(args, 'exclude');
    const narrowed = list(args, 'select') !== undefined || exclude !== undefined;
    const wanted = new Set([...compiled.selectedSources, ...result.models.filter((m) => selected.has(m.name)).flatMap((m) => m.sources)]);
    // A table --exclude removes (tag:nightly, source:raw.logs) is left out, though a selected model reads it.
    const kept = exclude === undefined ? null
      : new Set(selectModels(result.graph, { exclude, sources: selectableSources(result.sources), selectsSources: true }).sources);
    const sources = [...result.sources.keys()].filter((key) => !narrowed || (wanted.has(key) && (kept === null || kept.has(key))));
    const report = result.target.type === 'amp'
      ? await (await import('../amp-status.js')).ampStatusReport(result, environment, compiled.selected, sources, await recordedFingerprints(session, environment))
      : await openWarehouse(result.target, { baseDir: result.project.root }).then((warehouse) => {
        // While a relation's latest value is read: as run shows its models (a status line, or still-running lines).
        const work = new RunningWork();
        const progress = { started: (name: string) => work.start(name), finished: (name: string) => work.finish(name) };
        return checkFreshness({ warehouse, result, environment, models: compiled.selected, sources, now: new Date(), progress })
          .finally(() => { work.close(); return warehouse.close(); });
      });
    await saveFreshness(session.store, session.repo, environment, report.rows, report.checkedAt);
    for (const warning of compiled.warnings) printWarning(warning);
    if (json) printJson({ ...stateKeyJson(session), ...report });
    else {
      const { renderFreshnessText } = await import('../../core/freshness/render-freshness-text.js');
      process.stdout.write(withCarriedOptions(renderFreshnessText(report)));
    }
    return report.rows.some((r) => r.status === 'error') ? 1 : 0;
  } finally {
    await session.store.close();
  }
}

/**
 * The fingerprints of the models of the environment's commit, as recorded: on Amp, what an environment with no
 * tag on the server serves (undefined when the environment or its manifest is not there: the working tree's then).
 */
async function recordedFingerprints(session: { store: StateStore; repo: string }, environment: string): Promise<Map<string, string> | undefined> {
  const pointer = await session.store.getEnvironment(session.repo, environment);
  const manifest = pointer && await session.store.getManifest(session.repo, pointer.commit);
  return manifest ? new Map(manifest.models.map((m) => [m.name, m.fingerprint])) : undefined;
}
