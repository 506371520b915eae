import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { createEnvironment } from '../../core/environments/create-environment.js';
import { movePointer } from '../../core/environments/move-pointer.js';
import { promoteEnvironment } from '../../core/environments/promote-environment.js';
import { rollbackEnvironment } from '../../core/environments/rollback-environment.js';
import { showEnvironment } from '../../core/environments/show-environment.js';
import type { RecordCommitResult } from '../../core/record/record-commit.js';
import { openStateStore } from '../../core/state/open-state-store.js';
import type { StateError } from '../../core/state/state-error.js';
import type { StateStore } from '../../core/state/state-store.js';

const REPO = 'acme/shop';
const [C1, C2, C3] = ['1'.repeat(40), '2'.repeat(40), '3'.repeat(40)];
let store: StateStore;

const manifest = (commit: string) => ({ commit, parents: [], projectName: 'shop', models: [], macros: [], vars: {} });
const recording = (commit: string, errors: RecordCommitResult['errors'] = []): RecordCommitResult => ({
  commit, inserted: errors.length === 0, alreadyRecorded: false, manifest: null, compile: null, errors, warnings: [],
});
const code = (expected: string) => (error: unknown) => (error as StateError).code === expected;

beforeEach(async () => {
  store = await openStateStore({ type: 'sqlite', path: ':memory:' });
  for (const commit of [C1, C2]) await store.saveManifest(REPO, manifest(commit));
});
afterEach(async () => {
  await store.close();
});

test('create records the commit only when the store has no manifest of it', async () => {
  let calls = 0;
  const record = async () => {
    calls++;
    await store.saveManifest(REPO, manifest(C3));
    return recording(C3);
  };
  const recorded = await createEnvironment(store, REPO, { name: 'prod', commit: C1, actor: 'a', record });
  assert.deepEqual([recorded.environment?.commit, recorded.recording, calls], [C1, null, 0]);
  const fresh = await createEnvironment(store, REPO, { name: 'pr-3', commit: C3, actor: 'a', record });
  assert.deepEqual([fresh.environment?.commit, fresh.recording?.commit, calls], [C3, C3, 1]);
  await assert.rejects(createEnvironment(store, REPO, { name: 'prod', commit: C2, actor: 'a', record }), code('environment-exists'));
  assert.equal(calls, 1);
});

test('two creates of one name at once: one makes its views and its row, the other is refused before touching the views', async () => {
  const made: string[] = [];
  const create = (commit: string) => createEnvironment(store, REPO, {
    name: 'pr-5', commit, actor: commit.slice(0, 1), record: async () => recording(commit),
    beforeCreate: async () => {
      made.push(commit);
      await new Promise((resolve) => setTimeout(resolve, 50));
    },
  });
  const [first, second] = await Promise.allSettled([create(C1), create(C2)]);
  assert.equal(first.status, 'fulfilled');
  assert.equal(second.status, 'rejected');
  assert.ok(code('lock-held')((second as PromiseRejectedResult).reason) || code('environment-exists')((second as PromiseRejectedResult).reason));
  assert.deepEqual(made, [C1], 'only the winner made views');
  assert.equal((await store.getEnvironment(REPO, 'pr-5'))?.commit, C1);
  assert.equal(await store.getLock(REPO, 'environment:pr-5'), null);
});

test('a commit that cannot be recorded gets no environment', async () => {
  const error = { file: 'models/a.sql', line: 1, column: 1, code: 'unknown-ref', message: 'x', hint: null };
  const created = await createEnvironment(store, REPO, { name: 'pr-4', commit: C3, actor: 'a', record: async () => recording(C3, [error]) });
  assert.deepEqual([created.environment, created.recording?.errors], [null, [error]]);
  assert.equal(await store.getEnvironment(REPO, 'pr-4'), null);
});

test('a move holds the environment lock and releases it, also when the move is refused', async () => {
  const prod = await store.createEnvironment(REPO, 'prod', C1, 'a');
  await store.moveEnvironment(REPO, 'prod', { to: C2, expected: C1, actor: 'other', reason: 'deploy' });
  // `prod` as read before the other move: the compare-and-swap refuses it.
  await assert.rejects(movePointer(store, REPO, prod, { to: C1, expected: C1, actor: 'a', reason: 'promote' }), code('stale-plan'));
  assert.equal(await store.getLock(REPO, 'environment:prod'), null);
  const moved = await movePointer(store, REPO, (await store.getEnvironment(REPO, 'prod'))!, { to: C1, expected: C2.slice(0, 7), actor: 'a', reason: 'promote' });
  assert.deepEqual([moved.previous, moved.environment.commit, moved.move?.from, moved.move?.reason], [C2, C1, C2, 'promote']);
  assert.equal(await store.getLock(REPO, 'environment:prod'), null);
  // The same move again (a retry whose first answer was lost): prod is where it was to go, so nothing to do.
  for (const seen of [prod, (await store.getEnvironment(REPO, 'prod'))!]) {
    const again = await movePointer(store, REPO, { ...seen, commit: C2 }, { to: C1, expected: C2, actor: 'a', reason: 'promote' });
    assert.deepEqual([again.environment.commit, again.move], [C1, null]);
  }
  const current = await movePointer(store, REPO, (await store.getEnvironment(REPO, 'prod'))!, { to: C1, expected: C2, actor: 'a', reason: 'promote' });
  assert.deepEqual([current.environment.commit, current.move], [C1, null], 'read after the first move');
  assert.equal((await store.environmentHistory(REPO, 'prod')).length, 3, 'no move written');
});

test('promote and rollback refuse while someone holds the lock; a move to where it points writes nothing', async () => {
  await store.createEnvironment(REPO, 'prod', C1, 'a');
  await store.createEnvironment(REPO, 'pr-2', C2, 'a');
  const lease = await store.acquireLock(REPO, 'environment:prod', 'deploy #9', 60_000);
  await assert.rejects(promoteEnvironment(store, REPO, { from: 'pr-2', to: 'prod', actor: 'a' }), code('lock-held'));
  const same = await promoteEnvironment(store, REPO, { from: 'prod', to: 'prod', actor: 'a' });
  assert.equal(same.move, null);
  await store.releaseLock(REPO, lease.name, lease.token);
  await promoteEnvironment(store, REPO, { from: 'pr-2', to: 'prod', actor: 'a' });
  assert.equal((await rollbackEnvironment(store, REPO, { name: 'prod', actor: 'a' })).environment.commit, C1);
  assert.equal((await rollbackEnvironment(store, REPO, { name: 'prod', actor: 'a' })).environment.commit, C2);
  await assert.rejects(rollbackEnvironment(store, REPO, { name: 'pr-2', actor: 'a' }), code('nothing-to-roll-back'));
  assert.deepEqual((await store.environmentHistory(REPO, 'prod')).map((m) => m.reason), ['rollback', 'rollback', 'promote', 'create']);
});

test('show of an environment a deploy is creating (its lock held, no row yet) says so instead of suggesting env create', async () => {
  const lease = await store.acquireLock(REPO, 'environment:pr-7', 'root (run pr-7)', 60_000);
  await assert.rejects(showEnvironment(store, REPO, 'pr-7'), (error: StateError) => code('environment-not-found')(error)
    && /^environment 'pr-7' of .* does not exist yet: root \(run pr-7\) holds its lock until /.test(error.message) && !/env create/.test(error.hint ?? ''));
  await store.releaseLock(REPO, lease.name, lease.token);
  await assert.rejects(showEnvironment(store, REPO, 'pr-7'), (error: StateError) => code('environment-not-found')(error) && /env create pr-7/.test(error.hint ?? ''));
});
