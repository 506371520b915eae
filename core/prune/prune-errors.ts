import { AmpDbtError } from '../errors.js';
import { describeStateKey } from '../state/state-key.js';
import type { Lease } from '../state/state-types.js';
import { environmentLockHolderHint } from '../state/state-error.js';
import type { UnrecordedCommit } from './prune-types.js';

/** Prune's refusals: the environments it cannot account for, a deploy in progress, an Amp target. */
export class PruneError extends AmpDbtError {}

const short = (commit: string) => commit.slice(0, 12);

/** `environments-not-recorded`: what they use is unknown, so prune could drop it. */
export function unrecordedEnvironmentsError(repo: string, unrecorded: readonly UnrecordedCommit[]): PruneError {
  const named = unrecorded.map((u) => `${u.environment} (${short(u.commit)})`).join(', ');
  const commits = [...new Set(unrecorded.map((u) => short(u.commit)))];
  return new PruneError('environments-not-recorded',
    `${unrecorded.length === 1 ? 'environment' : 'environments'} ${named} of ${describeStateKey(repo)} point at commits with no recorded manifest: prune cannot tell which physical relations they use`, {
      hint: `record ${commits.length === 1 ? 'it' : 'them'} first: ${commits.map((c) => `amp-dbt state record --commit ${c}`).join('; ')} (or pass --allow-unrecorded: their relations are then kept only while a view reads them)`,
    });
}

/** `lock-held`: a run, or a move of an environment's views, is in progress and may reuse or build versions no manifest names yet. */
export function deployInProgressError(repo: string, held: readonly Lease[]): PruneError {
  const named = held.map((l) => `'${l.name}' (held by ${l.owner} until ${l.expiresAt})`).join(', ');
  return new PruneError('lock-held', `environment ${held.length === 1 ? 'lock' : 'locks'} ${named} of ${describeStateKey(repo)}: a deploy is in progress, and what it builds or reuses no manifest names yet`, {
    hint: `try again once it has finished (a killed run frees its lock within 2 minutes); ${environmentLockHolderHint(held.map((l) => l.name.slice(l.name.indexOf(':') + 1)))}`,
  });
}

/** `not-applicable`: on Amp a model version is a dataset version the server keeps; there is no physical schema. */
export function pruneOnAmpError(target: string): PruneError {
  return new PruneError('not-applicable', `target '${target}' is an Amp target: prune drops physical relations of a duckdb or postgres warehouse, and Amp keeps model versions as dataset versions on its server`, {
    hint: 'nothing to prune here; pass --target NAME of a duckdb or postgres target',
  });
}
