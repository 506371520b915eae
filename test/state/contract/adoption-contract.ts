import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StateStore } from '../../../core/state/state-store.js';
import { environmentLockName } from '../../../core/state/state-store.js';
import type { ContractContext } from '../state-store-harness.js';
import { manifest, manifestModel, withoutSql } from './manifest-fixture.js';

/** Every kind of record under `repo`: a manifest (with SQL and macros), an environment moved once, a run, model state, a lock. */
async function fill(store: StateStore, repo: string): Promise<{ runId: number }> {
  await store.saveManifest(repo, manifest('c1', [manifestModel('orders'), manifestModel('stg_orders')]));
  await store.createEnvironment(repo, 'prod', 'c0', 'alice');
  await store.moveEnvironment(repo, 'prod', { to: 'c1', expected: 'c0', actor: 'alice', reason: 'deploy' });
  const runId = await store.startRun(repo, { environment: 'prod', commit: 'c1', actor: 'alice', command: 'run' });
  await store.recordModelResult(runId, { model: 'orders', fingerprint: 'fp-orders', status: 'success', rows: 3, durationMs: 5, error: null });
  await store.finishRun(runId, 'success');
  await store.setModelState(repo, 'prod', 'orders', { latestBlock: 7, freshness: 'pass', checkedAt: '2026-02-01T00:00:00Z' });
  await store.acquireLock(repo, environmentLockName('prod'), 'alice', 60_000);
  return { runId };
}

export function adoptionContract(ctx: ContractContext): void {
  test('adopting files every record of the old key under the new one, which then reads exactly as the old did', async () => {
    const [from, to] = [ctx.repo('adopt-old'), ctx.repo('adopt-new')];
    const store = ctx.store();
    const { runId } = await fill(store, from);
    const before = {
      manifest: await store.getManifest(from, 'c1'), environments: await store.listEnvironments(from),
      history: await store.environmentHistory(from, 'prod'), runs: await store.listRuns(from),
      states: await store.getModelStates(from, 'prod'), lock: await store.getLock(from, environmentLockName('prod')),
    };
    assert.equal(await store.adoptRecords(from, to), true);
    assert.deepEqual(await store.getManifest(to, 'c1'), before.manifest);
    const ids = before.manifest!.models.map((m) => m.definitionId);
    assert.deepEqual([...(await store.getModelSql(to, ids)).keys()].sort(), [...ids].sort());
    assert.deepEqual(await store.listEnvironments(to), before.environments);
    assert.deepEqual(await store.environmentHistory(to, 'prod'), before.history);
    assert.deepEqual(await store.listRuns(to), before.runs.map((run) => ({ ...run, repo: to })));
    assert.equal((await store.getRun(runId))?.repo, to);
    assert.deepEqual((await store.getRun(runId))?.models.map((m) => m.model), ['orders']);
    assert.deepEqual(await store.getModelStates(to, 'prod'), before.states);
    assert.deepEqual(await store.getLock(to, environmentLockName('prod')), before.lock);
    // Nothing is left under the old key.
    assert.equal(await store.getManifest(from, 'c1'), null);
    assert.equal((await store.getModelSql(from, ids)).size, 0);
    assert.deepEqual(await store.listEnvironments(from), []);
    assert.deepEqual(await store.environmentHistory(from, 'prod'), []);
    assert.deepEqual(await store.listRuns(from), []);
    assert.deepEqual(await store.getModelStates(from, 'prod'), []);
    assert.equal(await store.getLock(from, environmentLockName('prod')), null);
    assert.ok(!(await store.listRepositories()).includes(from));
    // A later recording builds on the adopted manifest (its definitions are shared, not copied).
    const next = manifest('c2', [manifestModel('orders'), manifestModel('stg_orders', { fingerprint: 'fp-new' })], { parents: ['c1'], base: 'c1' });
    assert.equal(await store.saveManifest(to, next), true);
    assert.deepEqual((await store.getManifest(to, 'c2'))?.models, withoutSql(next.models));
    // Done once: the old key has nothing left, and the new one has records.
    assert.equal(await store.adoptRecords(from, to), false);
  });

  test('a key that has records of its own adopts nothing; neither does a key from an old key without records', async () => {
    const [from, to, empty] = [ctx.repo('adopt-kept'), ctx.repo('adopt-busy'), ctx.repo('adopt-empty')];
    const store = ctx.store();
    await fill(store, from);
    await store.startRun(to, { environment: 'ci', commit: 'c9', actor: 'bob', command: 'run' });
    assert.equal(await store.adoptRecords(from, to), false);
    assert.deepEqual((await store.listEnvironments(from)).map((e) => e.name), ['prod']);
    assert.deepEqual(await store.listEnvironments(to), []);
    assert.equal(await store.adoptRecords(empty, ctx.repo('adopt-none')), false);
    assert.equal(await store.adoptRecords(from, from), false);
    assert.equal(await store.hasManifest(from, 'c1'), true);
  });

  test('of two adoptions at once, exactly one moves the records', async () => {
    const [from, to] = [ctx.repo('adopt-race-old'), ctx.repo('adopt-race-new')];
    await fill(ctx.store(), from);
    const results = await Promise.all([ctx.store().adoptRecords(from, to), ctx.store().adoptRecords(from, to)]);
    assert.deepEqual(results.sort(), [false, true]);
    assert.deepEqual((await ctx.store().listEnvironments(to)).map((e) => e.name), ['prod']);
  });
}
