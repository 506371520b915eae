import { loadComparedSql } from '../../core/diff/compared-sql.js';
import { existingSqlWarehouse } from '../existing-warehouse.js';
import { physicalSchema } from '../../core/plan/physical-relation.js';
import type { Target } from '../../core/project/project-types.js';
import { collectBuiltFingerprints } from '../../core/plan/collect-built-fingerprints.js';
import { planEnvironment } from '../../core/plan/plan-environment.js';
import { checkEnvironmentSchemas } from '../../core/run/environment-views.js';
import { editDistance } from '../../core/util/did-you-mean.js';
import { otherTargetsHint } from '../../core/environments/environment-errors.js';
import { otherTargets } from '../../core/environments/other-targets.js';
import { describeStateKey } from '../../core/state/state-key.js';
import { renderPlanText } from '../../core/plan/render-plan-text.js';
import { flag, parseArgs, str, UsageError, type ParsedArgs } from '../args.js';
import type { Manifest } from '../../core/state/state-types.js';
import { projectOptions, projectOptionsHelp, varsOptions, type Command } from '../command.js';
import { failed, printJson, printWarning } from '../output.js';
import { openManifestSource, printUnresolved, recordingWarnings, resolveManifest } from '../resolve-manifest.js';
import { worktreeStateNote } from '../worktree-state-note.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  env: { kind: 'string' as const, short: 'e' },
  commit: { kind: 'string' as const },
  json: { kind: 'boolean' as const },
};

export const command: Command = {
  name: 'plan',
  summary: 'Show what moving an environment to a commit would build, reuse and drop (nothing is run or moved).',
  usage: 'amp-dbt plan --env NAME [--commit REF|ENV] [--json]',
  help: `  -e, --env NAME       the environment to plan for (prod, pr-123); one that does not exist yet is planned as new
  --commit REF|ENV     the commit to move it to: a git commit, branch or tag, or another environment's commit
                       (default: HEAD, and then a warning when the working tree, which run builds,
                       compiles to other model versions); commits not recorded yet are compiled and recorded
  --json               print the plan as JSON on stdout (nothing else)
${projectOptionsHelp}

BUILD: model versions (model and fingerprint) built nowhere yet. REUSE: versions already built, in this
environment or another one. On a duckdb or postgres target runs have built into, "built" means: in the
warehouse's physical schema; otherwise: in the manifest of the commit some environment points at.
DROP: models the environment has now and the commit does not.

On an amp target (--target, or the profile's target; see docs/amp.md) the plan is what \`run --target amp
--env NAME\` would do at the commit, decided as the run decides and read from the server (nothing is
registered or started): each registered model's dataset <namespace>/<model>@0.0.0-fp<fp12> to REGISTER, or
to REUSE (the server has it: its manifest hash and newest job), the jobs it would start, the ad-hoc
queries (and the datasets each would read instead of computing them), and on which datasets the
environment's tag 0.0.0-env.<env> would move. A model that cannot be
registered (non-incremental SQL) is an error, as in run.`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const name = str(args, 'env');
    if (name === undefined) throw new UsageError('--env is required: the environment to plan for');
    const ref = str(args, 'commit') ?? 'HEAD';
    const { source, errors } = await openManifestSource(args, 'plan');
    if (!source) return failed(errors, flag(args, 'json'));
    try {
      const environment = await source.store.getEnvironment(source.repo, name);
      const target = await resolveManifest(source, ref);
      const current = environment ? await resolveManifest(source, environment.commit) : null;
      const sides = [target, ...(current ? [current] : [])];
      if (!target.manifest || (current && !current.manifest)) return printUnresolved(sides, flag(args, 'json') ? 'json' : 'text');
      // What a commit recorded now holds that its recording could not read, as `state record` warns (with --json too).
      for (const warning of recordingWarnings(sides)) printWarning(warning);
      if (!environment) {
        // One slip from an existing name (new pull-request environments are often two edits from `prod`).
        const typo = (await source.store.listEnvironments(source.repo)).find((e) => editDistance(e.name, name) === 1);
        if (typo) printWarning(`environment '${name}' does not exist, so it is planned as new: did you mean '${typo.name}'?`);
        // Or the name is another target's (records are kept per target): a forgotten --target.
        const elsewhere = otherTargetsHint(name, (await otherTargets(source.store, source.repo, name)).targets);
        if (!typo && elsewhere) printWarning(`environment '${name}' does not exist for ${describeStateKey(source.repo)}, so it is planned as new: ${elsewhere}`);
        // Or it is the main worktree's, in another state database than this linked worktree's own.
        const note = worktreeStateNote(source);
        if (note) printWarning(`environment '${name}' does not exist in this state database, so it is planned as new: ${note}`);
      }
      if (str(args, 'commit') === undefined) await warnIfWorkingTreeDiffers(args, target.manifest);
      const labels = { environment: name, from: environment?.commit ?? null, to: target.commit, ref };
      if (source.target.type === 'amp') return await (await import('../amp-plan.js')).planOnAmp(args, labels, current?.manifest ?? null, flag(args, 'json'));
      // A name the warehouse cannot hold is refused here, as the run would refuse it.
      checkEnvironmentSchemas(target.manifest.models, source.target, name);
      const known = [target.manifest, ...(current?.manifest ? [current.manifest] : [])];
      const { built, unrecorded } = await collectBuiltFingerprints(source.store, source.repo, known);
      const physical = await builtVersions(source.projectDir, source.target);
      const sql = current?.manifest ? await loadComparedSql(source.store, source.repo, current.manifest, target.manifest) : undefined;
      const plan = planEnvironment(target.manifest, current?.manifest ?? null, built, name,
        { schema: physicalSchema(source.target), built: physical ?? undefined }, { sql });
      if (flag(args, 'json')) {
        printJson({ environment: name, exists: environment !== null, from: labels.from, to: target.commit, ref, ...plan, unrecordedEnvironments: unrecorded, warehouse: physical !== null });
        return 0;
      }
      for (const other of physical ? [] : unrecorded) printWarning(`environment '${other}' points at a commit with no recorded manifest: its models are not counted as built`);
      process.stdout.write(renderPlanText(plan, labels));
      return 0;
    } finally {
      await source.store.close();
    }
  },
};

/**
 * `run` builds the working tree, and plan (without --commit) plans HEAD: when the working tree compiles to
 * other models than HEAD's (uncommitted edits beyond comments; not a model that differs only by the run's
 * start time it reads, as run counts it HEAD's too), say so, as the two would then differ.
 */
async function warnIfWorkingTreeDiffers(args: ParsedArgs, head: Manifest): Promise<void> {
  try {
    const { openAndCompile } = await import('../open-project.js');
    const { changedModels } = await import('../deploy-commit.js');
    const compiled = await openAndCompile(args);
    if (!compiled.result || compiled.diagnostics.hasErrors) return;
    const differ = changedModels(head, compiled.result);
    if (differ.length === 0) return;
    const shown = differ.slice(0, 5).join(', ') + (differ.length > 5 ? `, and ${differ.length - 5} more` : '');
    printWarning(`uncommitted changes: the working tree compiles to other versions of ${differ.length} ${differ.length === 1 ? 'model' : 'models'} than HEAD (${shown}); this plan is of HEAD, and \`amp-dbt run\` would build the working tree (commit first to deploy what is planned)`);
  } catch {
    // Only a warning: a working tree that does not compile or cannot be read plans as before.
  }
}

/** Names in the physical schema of the target's warehouse; null when it is not a SQL warehouse runs built into. */
async function builtVersions(projectDir: string, target: Target): Promise<Set<string> | null> {
  if (!existingSqlWarehouse(target, projectDir)) return null;
  const { openWarehouse } = await import('../../core/warehouse/open-warehouse.js');
  const adapter = await openWarehouse(target, { baseDir: projectDir });
  try {
    const names = (await adapter.listRelations(physicalSchema(target))).map((r) => r.name);
    return names.length ? new Set(names) : null;
  } finally {
    await adapter.close();
  }
}
