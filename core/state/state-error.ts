import { describeStateKey } from './state-key.js';
import { AmpDbtError } from '../errors.js';
import type { Lease } from './state-types.js';
import { isEnvironmentLock } from './state-store.js';

/** A state database problem: an unreachable or too-new database, a stale plan, a held lock. */
export class StateError extends AmpDbtError {}

const short = (commit: string | null) => (commit === null ? '(none)' : commit.slice(0, 12));

function expiresIn(expiresAt: string, nowMs: number): string {
  const seconds = Math.max(0, Math.ceil((Date.parse(expiresAt) - nowMs) / 1000));
  return seconds < 120 ? `${seconds}s` : `${Math.ceil(seconds / 60)}min`;
}

/** `hint` replaces the default one (plan again against where the environment points now). */
export function stalePlanError(repo: string, environment: string, expected: string, actual: string, hint?: string): StateError {
  return new StateError(
    'stale-plan',
    `environment '${environment}' of ${describeStateKey(repo)} points at ${short(actual)}, but the plan expected ${short(expected)}: it moved since the plan was made`,
    { hint: hint ?? `plan again against ${short(actual)} and apply the new plan` },
  );
}

/** An environment's lock (`environment:NAME`): the hint names the command that shows whether it is still held. */
export function lockHeldError(repo: string, lease: Lease, nowMs: number): StateError {
  const environment = isEnvironmentLock(lease.name) ? lease.name.slice(lease.name.indexOf(':') + 1) : null;
  return new StateError(
    'lock-held',
    `lock '${lease.name}' of ${describeStateKey(repo)} is held by ${lease.owner} (token ${lease.token}) until ${lease.expiresAt} (expires in ${expiresIn(lease.expiresAt, nowMs)})`,
    { hint: 'wait for the other deploy to finish, or for the lease to expire if its holder died' + (environment === null ? '' : `; ${environmentLockHolderHint([environment])}`) },
  );
}

/** How to see who holds environments' locks now, and whether their leases are still renewed (a live holder's are). */
export function environmentLockHolderHint(environments: readonly string[]): string {
  const them = environments.length === 1 ? 'it' : 'each';
  return `to see who holds ${them} now and until when (a live run renews its lease every 20 s): ${environments.map((e) => `amp-dbt env show ${e}`).join('; ')}`;
}

export function lockFencedError(repo: string, name: string, token: number, current: number): StateError {
  return new StateError(
    'lock-fenced',
    `lock '${name}' of ${describeStateKey(repo)}: token ${token} was superseded by token ${current}; another holder took the lock after this lease expired`,
    { hint: 'stop: this process no longer holds the lock; start again to take it anew' },
  );
}

export function lockLostError(repo: string, name: string, token: number, current: Lease | null): StateError {
  const now = current ? `it is now held by ${current.owner} with token ${current.token}` : 'it was released or taken over';
  return new StateError('lock-lost', `lock '${name}' of ${describeStateKey(repo)} is no longer held with token ${token}: ${now}`, {
    hint: 'acquire the lock again before continuing',
  });
}

export function environmentExistsError(repo: string, name: string, commit: string): StateError {
  return new StateError('environment-exists', `environment '${name}' of ${describeStateKey(repo)} already exists (at ${short(commit)})`, {
    hint: `move it to a commit: amp-dbt env rollback ${name} --to <ref>; build and move it: amp-dbt run --env ${name}; or delete it first: amp-dbt env delete ${name}`,
  });
}

export function environmentNotFoundError(repo: string, name: string): StateError {
  return new StateError('environment-not-found', `environment '${name}' of ${describeStateKey(repo)} does not exist`, {
    hint: `create it first: amp-dbt env create ${name} --commit <ref>`,
  });
}

/** `repo`: the key asked under; `otherRepo`: the key run `runId` is filed under, when it exists under another one. */
export function runNotFoundError(runId: number, repo?: string, otherRepo?: string): StateError {
  if (repo === undefined) return new StateError('run-not-found', `run ${runId} does not exist in the state database`);
  return new StateError('run-not-found', `run ${runId} is not a run of ${describeStateKey(repo)}`, {
    hint: otherRepo ? `it is a run of ${describeStateKey(otherRepo)}: run the command there (or with that --target / AMP_DBT_REPO)` : 'list the runs: amp-dbt state runs',
  });
}

export function stateTooNewError(location: string, found: number, known: number): StateError {
  return new StateError(
    'state-too-new',
    `the state database at ${location} has schema version ${found}, but this amp-dbt knows versions 1 to ${known}`,
    { hint: `a newer amp-dbt wrote to it: upgrade amp-dbt to a release that knows schema version ${found}` },
  );
}

/** A state database whose rows contradict each other or do not parse (changed by hand, or damaged). */
export function damagedDatabaseError(what: string, cause?: unknown): StateError {
  return new StateError('state-database-damaged', `the state database is damaged: ${what}`, {
    hint: 'it was changed by hand or damaged: restore it from a copy, or start a new one (its commits are recorded again from git as commands need them)',
    cause,
  });
}
