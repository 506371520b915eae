import type { StateStore } from '../state/state-store.js';
import { nothingToRollBackError } from './environment-errors.js';
import { movePointer, type PointerMove } from './move-pointer.js';
import { requireEnvironment } from './require-environment.js';

export interface RollbackOptions {
  name: string;
  actor: string;
  /** The commit to move to (a full sha, recorded); default: where it pointed before its last move. */
  to?: string;
  /** See MovePointerOptions.beforeMove. */
  beforeMove?: (to: string) => Promise<void>;
}

/** Moves an environment back: to `to`, or to the commit it pointed at before its last move. */
export async function rollbackEnvironment(store: StateStore, repo: string, options: RollbackOptions): Promise<PointerMove> {
  const current = await requireEnvironment(store, repo, options.name);
  let to = options.to;
  if (to === undefined) {
    const [last] = await store.environmentHistory(repo, options.name);
    if (!last || last.from === null) throw nothingToRollBackError(repo, options.name, current.commit);
    to = last.from;
  }
  return movePointer(store, repo, current, { to, expected: current.commit, actor: options.actor, reason: 'rollback', beforeMove: options.beforeMove });
}
