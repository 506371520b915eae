import { Diagnostics } from '../core/errors.js';
import type { PlanLabels } from '../core/plan/render-plan-text.js';
import type { Manifest } from '../core/state/state-types.js';
import type { ParsedArgs } from './args.js';
import { openAndCompile } from './open-project.js';
import { failed, printJson, printWarning } from './output.js';

/**
 * `plan` on an amp target: what `run --target amp --env NAME` would do at the commit, decided as the run
 * decides (compileForAmp, readServerVersions, planAmpRun) and previewed against the server without changing
 * anything: the versions it would register, those the server has (with their newest job), the jobs it
 * would start, where the environment's tag would move. `current` is the environment's manifest now: its
 * registered models the commit lacks are left on the server as they are.
 */
export async function planOnAmp(args: ParsedArgs, labels: PlanLabels, current: Manifest | null, json: boolean): Promise<number> {
  const compiled = await openAndCompile(args, { commit: labels.to });
  if (!compiled.result || compiled.diagnostics.hasErrors) return failed(compiled.diagnostics.sorted(), json);
  const result = compiled.result;
  const { compileForAmp } = await import('../core/amp/compile-for-amp.js');
  const diagnostics = new Diagnostics();
  // As in run: a model that cannot be registered stops the run before the server is asked anything.
  const drafts = compileForAmp(result, compiled.selected, diagnostics);
  if (diagnostics.hasErrors) return failed(diagnostics.sorted(), json);
  const { ampNamespace, isRegistered } = await import('../core/amp/amp-naming.js');
  const { adminClientForTarget } = await import('../core/warehouse/amp/admin/admin-client-for-target.js');
  const { readServerVersions } = await import('../core/amp/run/read-server-versions.js');
  const { adhocAncestorNames } = await import('../core/amp/run/adhoc-datasets.js');
  const { planAmpRun } = await import('../core/amp/run/plan-amp-run.js');
  const { previewAmpRun } = await import('../core/amp/run/preview-amp-run.js');
  const namespace = ampNamespace(result.target);
  const admin = adminClientForTarget(result.target);
  // The registered ancestors of the ad-hoc models too: their queries read those the server has built.
  // A dependency the server does not have stops the run before anything is registered (as a model that cannot be).
  const { checkDependencyDatasets } = await import('../core/amp/run/dependency-datasets.js');
  await checkDependencyDatasets(admin, result, drafts, diagnostics);
  if (diagnostics.hasErrors) return failed(diagnostics.sorted(), json);
  const versions = await readServerVersions(admin, namespace, drafts, adhocAncestorNames(result, compiled.selected));
  const plan = planAmpRun({ result, selected: compiled.selected, drafts, versions, namespace, environment: labels.environment, deploy: true });
  const preview = await previewAmpRun(admin, plan, versions);
  if (labels.from === null) {
    const { foreignTagsWarning } = await import('../core/amp/run/tag-environment.js');
    const warning = foreignTagsWarning(plan, versions);
    if (warning) printWarning(warning);
  }
  // The environment is in the state database, but in this namespace no dataset carries its tag (the target's
  // namespace changed, say): here it is created, not moved.
  const tag = plan.environmentVersion;
  const untagged = labels.from !== null && tag !== null && (current?.models ?? []).some(isRegistered)
    && !plan.steps.some((step) => step.draft && versions.get(step.model)?.has(tag));
  if (untagged) {
    printWarning(`environment '${labels.environment}' points at ${labels.from!.slice(0, 12)} in the state database, but no dataset of namespace ${namespace} carries its tag ${tag}: `
      + `planned as new in this namespace (did the target's namespace change?)`);
  }
  const shown = untagged ? { ...labels, from: null } : labels;
  const left = (current?.models ?? []).filter((m) => isRegistered(m) && !result.byName.has(m.name)).map((m) => m.name);
  if (json) {
    const { namespace: ns, environmentVersion, steps, summary } = preview;
    printJson({
      environment: labels.environment, exists: labels.from !== null, ...(untagged ? { newInNamespace: true } : {}), from: labels.from, to: labels.to, ref: labels.ref,
      target: result.target.name, namespace: ns, environmentVersion, steps, summary, left,
    });
    return 0;
  }
  const { renderAmpPlanText } = await import('../core/amp/run/render-amp-plan.js');
  process.stdout.write(renderAmpPlanText(preview, shown, left));
  return 0;
}
