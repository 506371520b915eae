import { AmpDbtError } from '../errors.js';
import type { ModelOutcome, RunProgress, RunStep, TableAlteration } from './run-types.js';

/** Builds one step; throws to fail it. Returns rows (or null), and whether another run built it meanwhile. */
export type BuildStep = (step: RunStep) => Promise<{ rows: number | null; builtMeanwhile: boolean; altered?: TableAlteration }>;

const needsWork = (step: RunStep) => step.action === 'build' || step.action === 'rebuild' || step.action === 'incremental';

/** A failed build's message, with what to do about it when the error says (as the missing-seed hint reads). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error instanceof AmpDbtError && error.hint ? `${error.message}\nhint: ${error.hint}` : error.message;
}

function outcome(step: RunStep, status: ModelOutcome['status'], fields: Partial<ModelOutcome> = {}): ModelOutcome {
  return {
    model: step.model.name, path: step.model.path, action: step.action, status, materialized: step.model.materialized,
    fingerprint: step.model.fingerprint, physical: `${step.physical.schema}.${step.physical.identifier}`,
    rows: null, durationMs: 0, error: null, ...fields,
  };
}

/**
 * Runs steps in parallel along the graph, at most `threads` at once: a step starts when every model it
 * depends on is done. A failed step skips everything downstream of it; the rest go on. Once `signal` is
 * aborted no further build starts (running ones finish). A table to be rebuilt in place because a parent
 * takes in rows (`refreshedBy`) is reused instead when no parent's rows changed after all (an incremental
 * model that took in none, and the views over it).
 */
export async function runSteps(
  steps: readonly RunStep[], build: BuildStep, threads: number, progress?: RunProgress, signal?: AbortSignal,
): Promise<ModelOutcome[]> {
  const outcomes = new Map<string, ModelOutcome>();
  const failedBecause = new Map<string, string>();
  const waiting = new Map(steps.map((s) => [s.model.name, s]));
  const pending = new Set(steps.map((s) => s.model.name));
  // Models whose rows changed in this run: built or rebuilt, incremental ones that took in rows, views over those.
  const changed = new Set<string>();
  let running = 0;

  return new Promise((resolve) => {
    const finish = (step: RunStep, result: ModelOutcome) => {
      // A version another run built meanwhile is new to this run's environment as one it built is.
      const rowsChanged = result.status === 'success' || result.builtMeanwhile ? step.action !== 'incremental' || result.rows !== 0
        : result.status === 'reused' && step.model.materialized === 'view' && step.dependsOn.some((p) => changed.has(p));
      if (rowsChanged) changed.add(step.model.name);
      outcomes.set(step.model.name, result);
      pending.delete(step.model.name);
      progress?.finished(result);
    };
    const pump = () => {
      for (const [name, step] of waiting) {
        if (running >= threads) break;
        if (step.dependsOn.some((p) => pending.has(p))) continue;
        waiting.delete(name);
        const cause = step.dependsOn.map((p) => failedBecause.get(p)).find((c) => c !== undefined);
        if (cause !== undefined || step.action === 'blocked' || step.action === 'unbuilt') {
          const why = cause !== undefined ? `skipped: upstream ${cause} failed` : step.action === 'blocked'
            ? `skipped: parent '${step.blockedBy}' was never built (select it too, e.g. --select +${name})` : 'not selected, and never built';
          if (cause !== undefined) failedBecause.set(name, cause);
          finish(step, outcome(step, 'skipped', { error: why }));
          continue;
        }
        if (signal?.aborted && needsWork(step)) {
          finish(step, outcome(step, 'skipped', { error: 'cancelled before it started' }));
          continue;
        }
        if (!needsWork(step)) {
          finish(step, outcome(step, 'reused'));
          continue;
        }
        if (step.refreshedBy !== undefined && !step.dependsOn.some((p) => changed.has(p))) {
          finish({ ...step, action: 'reuse' }, outcome({ ...step, action: 'reuse' }, 'reused'));
          continue;
        }
        running++;
        progress?.started(step);
        const started = Date.now();
        build(step).then(
          ({ rows, builtMeanwhile, altered }) => finish(step, builtMeanwhile
            ? outcome(step, 'reused', { rows, durationMs: Date.now() - started, builtMeanwhile: true })
            : outcome(step, 'success', { rows, durationMs: Date.now() - started, ...(altered ? { altered } : {}) })),
          (error: unknown) => {
            failedBecause.set(name, `'${name}'`);
            finish(step, outcome(step, 'error', { durationMs: Date.now() - started, error: errorText(error) }));
          },
        ).finally(() => {
          running--;
          pump();
        });
      }
      if (pending.size === 0) resolve(steps.map((s) => outcomes.get(s.model.name)!));
    };
    pump();
  });
}
