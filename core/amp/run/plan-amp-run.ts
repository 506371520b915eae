import type { CompileResult } from '../../compile/compile-project.js';
import { environmentVersion, fingerprintVersion, isDeployed, isRegistered, modelDatasetReference } from '../amp-naming.js';
import type { ManifestDraft } from '../manifest/manifest-types.js';
import { adhocSql, registeredAncestors, type AdhocDataset } from './adhoc-datasets.js';
import type { AmpRunPlan, AmpRunStep } from './amp-run-types.js';

export interface PlanAmpRunInput {
  result: CompileResult;
  /** Selected model names, in topological order. */
  selected: readonly string[];
  /** Manifest drafts of the registered models (every selected one, at least). */
  drafts: ReadonlyMap<string, ManifestDraft>;
  /**
   * What the server has: model -> (version -> manifest hash), for the selected models, their parents, and
   * the registered ancestors of the selected ad-hoc models (adhocAncestorNames).
   */
  versions: ReadonlyMap<string, ReadonlyMap<string, string>>;
  namespace: string;
  environment: string;
  /** Start jobs for manifest hashes that have none. */
  deploy: boolean;
  /** `--end-block`: overrides every model's end_block config; undefined keeps the configs. */
  endBlock?: string | null;
}

/**
 * Plans a run on Amp without asking the server anything more (pure; see applyAmpRun for the effects):
 * a registered model whose fingerprint's version the server has is reused, any other is registered,
 * unless a registered parent is missing from the server and not registered by this run either (blocked).
 * An ad-hoc model is a query, which may read its registered ancestors the run reuses (or the server has,
 * when not selected) from their datasets. Ephemeral models are not steps: they are inlined into the models
 * that read them.
 */
export function planAmpRun(input: PlanAmpRunInput): AmpRunPlan {
  const { result } = input;
  const steps: AmpRunStep[] = [];
  const byModel = new Map<string, AmpRunStep>();
  for (const name of input.selected) {
    const model = result.byName.get(name);
    if (!model || model.materialized === 'ephemeral') continue;
    const base = { model: name, path: model.path, fingerprint: model.fingerprint, knownHash: null, blockedBy: null, draft: null, sql: null };
    if (!isRegistered(model)) {
      const step: AmpRunStep = {
        ...base, action: 'adhoc', deploy: false, endBlock: null, sql: result.targetSql(name), inlines: result.graph.ancestors(name),
        datasets: adhocDatasets(name, byModel, input), sqlReading: (datasets) => adhocSql(result, name, datasets),
      };
      steps.push(step);
      continue;
    }
    const draft = input.drafts.get(name) ?? null;
    const knownHash = draft ? input.versions.get(name)?.get(draft.version) ?? null : null;
    const endBlock = input.endBlock !== undefined ? input.endBlock : endBlockConfig(model.config.end_block);
    const step: AmpRunStep = { ...base, action: knownHash ? 'reuse' : 'register', draft, knownHash, deploy: input.deploy && isDeployed(model), endBlock };
    if (!knownHash) step.blockedBy = missingParent(draft?.parents ?? [], byModel, input) ?? null;
    if (step.blockedBy) step.action = 'blocked';
    steps.push(step);
    byModel.set(name, step);
  }
  return { namespace: input.namespace, environment: input.environment, environmentVersion: environmentVersion(input.environment), steps };
}

/**
 * The registered ancestors an ad-hoc model's query may read as datasets: those the run reuses, and those
 * not in the run whose fingerprint's version the server has. One the run registers (or cannot) is inlined.
 */
function adhocDatasets(name: string, planned: ReadonlyMap<string, AmpRunStep>, input: PlanAmpRunInput): AdhocDataset[] {
  return registeredAncestors(input.result, name).flatMap((ancestor): AdhocDataset[] => {
    const model = input.result.byName.get(ancestor)!;
    const step = planned.get(ancestor);
    const onServer = step ? step.action === 'reuse' : !!input.versions.get(ancestor)?.has(fingerprintVersion(model.fingerprint));
    return onServer ? [{ model: ancestor, dataset: modelDatasetReference(input.namespace, model), inRun: !!step }] : [];
  });
}

/** A registered parent that neither the server has at its fingerprint's version nor this run registers. */
function missingParent(parents: readonly string[], planned: ReadonlyMap<string, AmpRunStep>, input: PlanAmpRunInput): string | undefined {
  return parents.find((parent) => {
    const step = planned.get(parent);
    if (step) return step.action === 'blocked';
    const model = input.result.byName.get(parent);
    return !model || !input.versions.get(parent)?.has(fingerprintVersion(model.fingerprint));
  });
}

/**
 * A model's `end_block` as the Admin API takes it (a string): a number from a model's own `config()` call
 * (`end_block=19000100`) too, which property files and dbt_project.yml give as text already.
 */
function endBlockConfig(value: unknown): string | null {
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isInteger(value) ? String(value) : null;
}
