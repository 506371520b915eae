import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { openStateStore, parseStateUrl } from '../../core/state/open-state-store.js';
import { environmentLockName, type StateStore } from '../../core/state/state-store.js';
import { startLockWorker, startLockWorkers, type LockWorker, type Reply } from './lock-worker-client.js';
import { manifest, manifestModel } from './contract/manifest-fixture.js';
import type { StateStoreHarness } from './state-store-harness.js';

let repos = 0;

/** Races between real processes, each with its own connection to one database. */
export function stateStoreConcurrency(label: string, harness: () => StateStoreHarness): void {
  describe(`${label} state store between processes`, () => {
    let url = '';
    let store: StateStore;
    let workers: LockWorker[] = [];
    const repo = () => `acme/concurrency-${++repos}`;
    const lock = environmentLockName('prod');

    before(async () => {
      url = await harness().newDatabaseUrl();
      store = await openStateStore(parseStateUrl(url));
      workers = await startLockWorkers(url, 2);
    });
    after(async () => {
      await Promise.all(workers.map((w) => w.close()));
      await store?.close();
    });

    const deploy = (worker: LockWorker, args: { repo: string; owner: string; to: string; expected: string; holdMs: number; waitMs: number }) =>
      worker.call('deploy', { environment: 'prod', ttlMs: 30_000, ...args });

    test('two processes race for the lock: exactly one moves the pointer, the other is told who holds it', async () => {
      const r = repo();
      await store.createEnvironment(r, 'prod', 'base', 'ci');
      const replies = await Promise.all(workers.map((w, i) =>
        deploy(w, { repo: r, owner: `deployer-${i}`, to: `commit-${i}`, expected: 'base', holdMs: 1_000, waitMs: 0 })));
      const won = replies.filter((reply) => reply.ok);
      const lost = replies.filter((reply): reply is Extract<Reply, { ok: false }> => !reply.ok);
      assert.equal(won.length, 1, JSON.stringify(replies));
      assert.equal(lost.length, 1, JSON.stringify(replies));
      const winner = replies.indexOf(won[0]);
      assert.equal(lost[0].code, 'lock-held');
      assert.match(lost[0].message, new RegExp(`lock 'environment:prod' of ${r} is held by deployer-${winner} \\(token 1\\) until \\S+ \\(expires in \\d+s\\)`));
      assert.equal((await store.getEnvironment(r, 'prod'))?.commit, `commit-${winner}`);
      assert.equal((await store.environmentHistory(r, 'prod')).length, 2);
      assert.equal(await store.getLock(r, lock), null, 'the winner released the lock');
    });

    test('a holder killed mid-deploy releases by expiry; the next taker gets a higher token and fences it out', async () => {
      const r = repo();
      await store.createEnvironment(r, 'prod', 'base', 'ci');
      const doomed = await startLockWorker(url);
      const next = workers[1];
      const taken = await doomed.call('acquireLock', r, lock, 'doomed', 400);
      assert.ok(taken.ok);
      const old = taken.value.token as number;
      await doomed.kill('SIGKILL');
      const refused = await next.call('acquireLock', r, lock, 'next', 30_000);
      assert.ok(!refused.ok && refused.code === 'lock-held' && /held by doomed/.test(refused.message), JSON.stringify(refused));
      await sleep(Date.parse(taken.value.expiresAt) - Date.now() + 50);
      const retaken = await next.call('acquireLock', r, lock, 'next', 30_000);
      assert.ok(retaken.ok, JSON.stringify(retaken));
      assert.equal(retaken.value.token, old + 1);
      const fenced = await store.checkFence(r, lock, old).then(() => null, (e: { code: string }) => e.code);
      assert.equal(fenced, 'lock-fenced');
      const moved = await next.call('moveEnvironment', r, 'prod', {
        to: 'after-crash', expected: 'base', actor: 'next', reason: 'deploy', fence: { lock, token: retaken.value.token },
      });
      assert.ok(moved.ok, JSON.stringify(moved));
      assert.equal(((await next.call('releaseLock', r, lock, retaken.value.token)) as { value: boolean }).value, true);
    });

    test('plans made against the same commit: the lock serialises them and the second is refused as stale', async () => {
      const r = repo();
      await store.createEnvironment(r, 'prod', 'base', 'ci');
      // Both processes plan against what prod points at now...
      const plans = await Promise.all(workers.map((w) => w.call('getEnvironment', r, 'prod')));
      const expected = plans.map((p) => (p.ok ? p.value.commit as string : ''));
      assert.deepEqual(expected, ['base', 'base']);
      // ...then both deploy, waiting for the lock in turn.
      const replies = await Promise.all(workers.map((w, i) =>
        deploy(w, { repo: r, owner: `planner-${i}`, to: `plan-${i}`, expected: expected[i], holdMs: 200, waitMs: 10_000 })));
      const lost = replies.filter((reply): reply is Extract<Reply, { ok: false }> => !reply.ok);
      assert.equal(lost.length, 1, JSON.stringify(replies));
      assert.equal(lost[0].code, 'stale-plan');
      const winner = replies.findIndex((reply) => reply.ok);
      assert.match(lost[0].message, new RegExp(`points at plan-${winner}, but the plan expected base`));
      assert.equal((await store.getEnvironment(r, 'prod'))?.commit, `plan-${winner}`);
      const history = await store.environmentHistory(r, 'prod');
      assert.deepEqual(history.map((m) => m.to), [`plan-${winner}`, 'base']);
    });

    test('two processes creating a new database at once migrate it once', async () => {
      const fresh = await harness().newDatabaseUrl();
      const pair = await startLockWorkers(fresh, 2);
      try {
        const versions = await Promise.all(pair.map((w) => w.call('schemaVersion')));
        assert.deepEqual(versions.map((v) => v.ok && v.value), [harness().latestVersion, harness().latestVersion]);
        const applied = await harness().query(fresh, 'SELECT version FROM schema_migrations ORDER BY version');
        assert.deepEqual(applied.map((row) => Number(row.version)), Array.from({ length: harness().latestVersion }, (_, i) => i + 1));
      } finally {
        await Promise.all(pair.map((w) => w.close()));
      }
    });

    test('two processes recording the same commit: one inserts, the other is a no-op', async () => {
      const r = repo();
      const input = manifest('same', [manifestModel('a'), manifestModel('b')]);
      const replies = await Promise.all(workers.map((w) => w.call('saveManifest', r, input)));
      assert.deepEqual(replies.map((reply) => reply.ok && reply.value).sort(), [false, true]);
      assert.equal((await store.getManifest(r, 'same'))?.models.length, 2);
    });
  });
}
