import { Diagnostics } from '../../core/errors.js';
import type { PrunedRelation, PruneReport } from '../../core/prune/prune-types.js';
import { flag, parseArgs, str, UsageError, type ParsedArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, type Command } from '../command.js';
import { openStateSession } from '../open-state.js';
import { failed, info, jsonError, printJson, printWarning } from '../output.js';
import { pruneProgress } from '../prune-progress.js';
import { stateKeyJson } from '../target-state-key.js';

const options = {
  ...projectOptions,
  'dry-run': { kind: 'boolean' as const },
  'keep-history': { kind: 'string' as const },
  'allow-unrecorded': { kind: 'boolean' as const },
  json: { kind: 'boolean' as const },
};

/** `env rollback NAME` goes back to the commit before the last move: keep that one's versions by default. */
const DEFAULT_KEEP_HISTORY = 1;

export const command: Command = {
  name: 'prune',
  summary: 'Drop the physical relations (model versions) no environment of the target needs.',
  usage: 'amp-dbt prune [--dry-run] [--keep-history N] [--allow-unrecorded] [--json]',
  help: `  --dry-run            list what would be dropped; drop nothing (takes no lock)
  --keep-history N     also keep the versions of the N latest commits each environment pointed at
                       before its current one (default ${DEFAULT_KEEP_HISTORY}: what 'env rollback NAME' goes back to;
                       0: only the current commits). A rollback to a commit whose versions were dropped
                       is refused (not-built) until 'amp-dbt run --env NAME --commit SHA' builds them again
  --allow-unrecorded   go on when an environment points at a commit with no recorded manifest (its
                       relations are then kept only while a view reads them); without it prune refuses,
                       naming the 'amp-dbt state record --commit SHA' that records it
  --json               print the report as JSON on stdout (nothing else)
${projectOptionsHelp}

Every model version is built once into <physical schema>.<model>__<fp12> (amp_dbt_physical by default)
and environments are views over them, so a changed model leaves its old version behind ('amp-dbt drift'
lists them as orphaned). prune drops the relations of the physical schema named <model>__<fp12> that
nothing keeps; it keeps:
  - every version the recorded manifest of each environment's commit names (the target's environments),
    and what the environment's last deploy built for models reading run_started_at
  - the same for the --keep-history earlier commits of each environment
  - every relation a view of the warehouse reads (an environment's of another state database, your own
    view over a version), and what a kept physical view reads
  - anything not named <model>__<fp12>
An incremental model's orphaned table is dropped too: the rows its runs added are gone with it (said
in the output). Views are dropped before what they read; never with CASCADE.
prune holds the target's prune lock while it decides and drops, and refuses (lock-held, naming the
holder) while any environment's lock is held: a run in progress builds versions no manifest names yet.
A run, env create, promote, rollback or delete started meanwhile is refused (lock-held) until it ends.
Each relation is printed as it is dropped (stdout), with a total; on a terminal a counter shows progress
(stderr), otherwise, with --json, a line every 100 relations.
Exit code 0 when everything it chose was dropped (or nothing was to be), 1 when a drop failed or prune
refused (environments not recorded, a lock held, an Amp target: Amp keeps dataset versions on its server).`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const keepText = str(args, 'keep-history') ?? String(DEFAULT_KEEP_HISTORY);
    if (!/^\d+$/.test(keepText)) throw new UsageError(`--keep-history takes a whole number (0 or more), not '${keepText}'`);
    const json = flag(args, 'json');
    try {
      return await prune(args, Number(keepText), json);
    } catch (error) {
      return jsonError(error, json);
    }
  },
};

async function prune(args: ParsedArgs, keepHistory: number, json: boolean): Promise<number> {
  const diagnostics = new Diagnostics();
  const session = await openStateSession(args, diagnostics, { withProfile: true });
  if (!session) return failed(diagnostics.sorted(), json);
  const dryRun = flag(args, 'dry-run');
  const progress = pruneProgress(json, dryRun);
  try {
    const target = session.profile!.target;
    const { prunePhysical } = await import('../../core/prune/prune-physical.js');
    const { openWarehouse } = await import('../../core/warehouse/open-warehouse.js');
    const report = await prunePhysical({
      store: session.store, repo: session.repo, target, owner: `${session.actor} (prune)`, keepHistory, dryRun,
      allowUnrecorded: flag(args, 'allow-unrecorded'),
      openWarehouse: () => openWarehouse(target, { baseDir: session.projectDir }),
      progress: progress.dropped,
      onLocksHeld: (held) => printWarning(`environment locks are held (${held.map((l) => `'${l.name}' by ${l.owner}`).join(', ')}): a deploy in progress may need versions listed here; prune itself refuses until it ends`),
    }).finally(progress.close);
    if (json) printJson({ ...stateKeyJson(session), ...jsonReport(report) });
    else await printText(report);
    return report.failed.length ? 1 : 0;
  } finally {
    await session.store.close();
  }
}

const relationJson = ({ relation, kind, model, incremental }: PrunedRelation) => ({ relation, kind, model, incremental });

function jsonReport(report: PruneReport) {
  return {
    dryRun: report.dryRun, physicalSchema: report.physicalSchema, keepHistory: report.keepHistory,
    dropped: report.dropped.map(relationJson), failed: report.failed.map((f) => ({ ...relationJson(f), error: f.error })),
    kept: report.kept, foreign: report.foreign, unrecorded: report.unrecorded, unrecordedHistory: report.unrecordedHistory,
  };
}

async function printText(report: PruneReport): Promise<void> {
  const { renderPruneSummary, prunedLine } = await import('../../core/prune/render-prune-text.js');
  // A real prune printed each relation as it dropped it (pruneProgress); a dry run lists them here.
  if (report.dryRun) for (const r of report.dropped) process.stdout.write(`would drop ${prunedLine(r, true)}\n`);
  process.stdout.write(renderPruneSummary(report));
  if (report.dryRun && report.dropped.length) info(`hint: amp-dbt prune${report.keepHistory === DEFAULT_KEEP_HISTORY ? '' : ` --keep-history ${report.keepHistory}`} drops them`);
}
