import { StateError, stalePlanError } from '../state/state-error.js';
import type { StateStore } from '../state/state-store.js';
import { expandExpected, movePointer, type PointerMove } from './move-pointer.js';
import { requireEnvironment } from './require-environment.js';

export interface PromoteOptions {
  /** The environment whose commit is promoted (`pr-123`). */
  from: string;
  /** The environment that moves (`prod`). */
  to: string;
  actor: string;
  /** The commit `to` must still point at (from a plan); default: where it points now. */
  expected?: string;
  /**
   * The commit `from` must still point at (a full or abbreviated sha, the commit a plan was made of):
   * `stale-plan` otherwise. That commit is the one promoted, even if `from` moves while `to` moves.
   */
  expectedFrom?: string;
  /** See MovePointerOptions.beforeMove. */
  beforeMove?: (to: string) => Promise<void>;
}

/**
 * Moves `to` to the commit `from` points at (refused as `stale-plan` when that is not `expectedFrom`): a
 * compare-and-swap against `to`'s current (or expected) commit, under `to`'s environment lock. No data is
 * copied; the pointer moves.
 */
export async function promoteEnvironment(store: StateStore, repo: string, options: PromoteOptions): Promise<PointerMove & { from: string }> {
  const source = await requireEnvironment(store, repo, options.from);
  if (options.expectedFrom !== undefined && expandExpected(source.commit, options.expectedFrom) !== source.commit) {
    throw stalePlanError(repo, source.name, options.expectedFrom, source.commit,
      `plan again (amp-dbt plan --env ${options.to} --commit ${source.name}) and promote the commit it shows, or promote ${source.commit.slice(0, 12)} knowingly: --from-commit ${source.commit.slice(0, 12)}`);
  }
  const target = await requireEnvironment(store, repo, options.to).catch((error: unknown) => {
    throw newTargetHint(error, options.to, source.commit);
  });
  const moved = await movePointer(store, repo, target, {
    to: source.commit, expected: options.expected ?? target.commit, actor: options.actor, reason: 'promote', beforeMove: options.beforeMove,
  }).catch((error: unknown) => {
    // TO moved since the plan: the hint names the plan to make again, as for a FROM that moved.
    if (!(error instanceof StateError) || error.code !== 'stale-plan') throw error;
    throw new StateError('stale-plan', error.message, {
      hint: `plan again (amp-dbt plan --env ${options.to} --commit ${source.name}) and apply the new plan (its "from" is where ${options.to} points now)`,
    });
  });
  return { ...moved, from: source.name };
}

/**
 * Promote moves an environment that exists. When TO does not (a plan of it says `"exists": false`) and the
 * hint names no other target's or near name, the hint says how to make it at FROM's commit: env create.
 */
function newTargetHint(error: unknown, to: string, commit: string): unknown {
  if (!(error instanceof StateError) || error.code !== 'environment-not-found') return error;
  if (error.hint && /has an environment|have an environment|did you mean/.test(error.hint)) return error;
  return new StateError('environment-not-found', error.message, {
    hint: `promote moves an environment that exists; to make '${to}' at the commit promoted (a plan of a new environment, "exists": false): amp-dbt env create ${to} --commit ${commit.slice(0, 12)}`,
  });
}
