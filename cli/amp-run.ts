import { plural } from '../core/util/plural.js';
import { Diagnostics } from '../core/errors.js';
import { flag, list, str, UsageError, type ParsedArgs } from './args.js';
import { checkMovable, deployCommit, requiredMoveMissed } from './deploy-commit.js';
import type { CompiledProject } from './open-project.js';
import { actorName, openStateForProject } from './open-state.js';
import { failed, info, printJson, printWarning } from './output.js';
import { cancelOnSignals } from './run-cancellation.js';
import { RunningWork } from './running-work.js';
import { varsOption } from './vars-option.js';

/** `--end-block`: `latest`, a block number, or a negative offset from the latest block (sent as a string). */
function endBlockOption(args: ParsedArgs): string | undefined {
  const value = str(args, 'end-block');
  if (value === undefined) return undefined;
  if (!/^(?:latest|-?\d+)$/.test(value)) throw new UsageError(`--end-block takes 'latest', a block number or a negative offset, not '${value}'`);
  return value;
}

/**
 * `run` on an amp target: checks and drafts the registered models (nothing is sent when any has errors),
 * plans against the server's versions, then registers, tags, deploys and queries under the environment's
 * lock, recording the run in the state database. `--register` alone registers (and tags) without starting
 * jobs; otherwise new manifest hashes are also deployed.
 */
export async function runOnAmp(args: ParsedArgs, argv: string[], compiled: CompiledProject, environment: string): Promise<number> {
  const json = flag(args, 'json');
  if (flag(args, 'full-refresh')) throw new UsageError('--full-refresh does not apply to an amp target: Amp keeps derived datasets up to date itself');
  if (str(args, 'threads') !== undefined) compiled.warnings.push('--threads has no effect on an amp target: the Amp server runs the jobs, and the run starts them in dependency order');
  const endBlock = endBlockOption(args);
  const deploy = flag(args, 'deploy') || !flag(args, 'register');
  const result = compiled.result!;
  const target = result.target;
  const diagnostics = new Diagnostics();
  const { compileForAmp } = await import('../core/amp/compile-for-amp.js');
  const drafts = compileForAmp(result, compiled.selected, diagnostics);
  for (const warning of compiled.warnings) printWarning(warning);
  if (diagnostics.hasErrors) return failed(diagnostics.sorted(), json);

  const { ampNamespace } = await import('../core/amp/amp-naming.js');
  const { adminClientForTarget } = await import('../core/warehouse/amp/admin/admin-client-for-target.js');
  const { readServerVersions } = await import('../core/amp/run/read-server-versions.js');
  const { adhocAncestorNames } = await import('../core/amp/run/adhoc-datasets.js');
  const { planAmpRun } = await import('../core/amp/run/plan-amp-run.js');
  const { ampDeployRun } = await import('../core/amp/run/amp-deploy-run.js');
  const { ampAdhocQuery } = await import('./amp-query.js');
  const { ampRunJson, printAmpOutcome, summarizeAmpRun } = await import('./amp-run-output.js');
  const namespace = ampNamespace(target);
  const admin = adminClientForTarget(target);
  // The registered ancestors of the ad-hoc models too: their queries read those the server has built.
  // A dependency the server does not have stops the run before anything is registered (as a model that cannot be).
  const { checkDependencyDatasets } = await import('../core/amp/run/dependency-datasets.js');
  await checkDependencyDatasets(admin, result, drafts, diagnostics);
  if (diagnostics.hasErrors) return failed(diagnostics.sorted(), json);
  const versions = await readServerVersions(admin, namespace, drafts, adhocAncestorNames(result, compiled.selected));
  const plan = planAmpRun({ result, selected: compiled.selected, drafts, versions, namespace, environment, deploy, endBlock });
  const complete = list(args, 'select') === undefined && list(args, 'exclude') === undefined;
  const store = await openStateForProject(result.project.root, compiled.profile);
  const adhoc = ampAdhocQuery(target);
  // While a model's query, registration or deploy runs: as `run` on a SQL warehouse shows its models.
  const work = new RunningWork();
  const cancel = cancelOnSignals(() => work.above(() => info('cancelling: no further model starts (Ctrl-C again to quit at once)')));
  try {
    const commit = await deployCommit({ store, projectDir: result.project.root, result, profile: compiled.profile!, vars: varsOption(args), commit: str(args, 'commit') });
    if (flag(args, 'require-move')) checkMovable(commit, environment);
    if (!(await store.getEnvironment(commit.repo, environment))) {
      const { foreignTagsWarning } = await import('../core/amp/run/tag-environment.js');
      const warning = foreignTagsWarning(plan, versions);
      if (warning) printWarning(warning);
    }
    const total = plan.steps.length;
    if (!json) {
      const registered = plan.steps.filter((step) => step.draft).length;
      const what = registered === 0 ? 'querying' : deploy ? 'registering and deploying' : 'registering';
      info(`${what} ${plural(total, 'model')} on Amp (${target.name}, namespace ${namespace}) for environment '${environment}'`);
    }
    let done = 0;
    const { serverErrorPosition } = await import('../core/amp/check/locate-server-error.js');
    const files = new Map(result.project.models.map((m) => [m.name, m]));
    // A server's error names what it could not read; where the model's file writes it (not the rendered SQL's line).
    const locate = (o: { model: string; error: string | null }) => (o.error ? serverErrorPosition(files.get(o.model), o.error.split('\nhint: ')[0]) : null);
    const report = await ampDeployRun({
      admin, plan, query: adhoc.query, signal: cancel.signal,
      started: (step) => work.start(step.model),
      finished: (o) => { done++; work.finish(o.model, json ? undefined : () => printAmpOutcome(o, done, total, locate)); },
      store, ...commit, actor: actorName(), command: ['run', ...argv].join(' '), complete, onAbandon: cancel.onAbandon,
    }).finally(() => work.close());
    if (json) printJson(ampRunJson(report, plan, commit));
    else summarizeAmpRun(report, plan);
    if (cancel.signal.aborted) return 130;
    if (flag(args, 'require-move') && requiredMoveMissed(report, environment)) return 1;
    return report.status === 'success' ? 0 : 1;
  } finally {
    cancel.dispose();
    adhoc.close();
    await store.close();
  }
}
