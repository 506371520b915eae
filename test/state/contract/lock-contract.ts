import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { environmentLockName } from '../../../core/state/state-store.js';
import type { ContractContext } from '../state-store-harness.js';
import { rejectsWith } from './rejects-with.js';

export function lockContract(ctx: ContractContext): void {
  test('a lock is held by one owner at a time; its token counts up with every taker', async () => {
    const repo = ctx.repo('lock');
    const name = environmentLockName('prod');
    const first = await ctx.store().acquireLock(repo, name, 'alice@ci-1', 60_000);
    assert.deepEqual([first.name, first.owner, first.token], ['environment:prod', 'alice@ci-1', 1]);
    assert.ok(Date.parse(first.expiresAt) - Date.parse(first.acquiredAt) === 60_000);
    assert.deepEqual(await ctx.store().getLock(repo, name), first);
    await rejectsWith(ctx.store().acquireLock(repo, name, 'bob@ci-2', 60_000), 'lock-held',
      /'environment:prod'/, /held by alice@ci-1/, /token 1/, new RegExp(`until ${first.expiresAt}`), /expires in (59|60)s/);
    assert.equal(await ctx.store().releaseLock(repo, name, first.token), true);
    assert.equal(await ctx.store().releaseLock(repo, name, first.token), false);
    assert.equal(await ctx.store().getLock(repo, name), null);
    const second = await ctx.store().acquireLock(repo, name, 'bob@ci-2', 60_000);
    assert.equal(second.token, 2);
    assert.equal(await ctx.store().releaseLock(repo, name, first.token), false, 'a stale token releases nothing');
    assert.equal((await ctx.store().getLock(repo, name))?.owner, 'bob@ci-2');
    const other = await ctx.store().acquireLock(repo, environmentLockName('staging'), 'carol', 60_000);
    assert.equal(other.token, 1, 'tokens count per lock name');
  });

  test('listLocks gives the live leases of a repository key, by name; released and expired ones are left out', async () => {
    const repo = ctx.repo('lock-list');
    assert.deepEqual(await ctx.store().listLocks(repo), []);
    const prod = await ctx.store().acquireLock(repo, environmentLockName('prod'), 'alice', 60_000);
    const fresh = await ctx.store().acquireLock(repo, environmentLockName('pr-9'), 'bob (run pr-9)', 60_000);
    const gone = await ctx.store().acquireLock(repo, environmentLockName('dev'), 'carol', 60_000);
    await ctx.store().releaseLock(repo, gone.name, gone.token);
    await ctx.store().acquireLock(repo, environmentLockName('stale'), 'dave', 1);
    await ctx.store().acquireLock(ctx.repo('lock-list-other'), environmentLockName('prod'), 'erin', 60_000);
    await sleep(5);
    assert.deepEqual(await ctx.store().listLocks(repo), [fresh, prod]);
  });

  test('a lease can be renewed by its holder only', async () => {
    const repo = ctx.repo('lock-renew');
    const lease = await ctx.store().acquireLock(repo, 'deploy', 'alice', 1_000);
    const renewed = await ctx.store().renewLock(repo, 'deploy', lease.token, 60_000);
    assert.equal(renewed.token, lease.token);
    assert.ok(Date.parse(renewed.expiresAt) > Date.parse(lease.expiresAt));
    await rejectsWith(ctx.store().renewLock(repo, 'deploy', lease.token + 1, 60_000), 'lock-lost', /token 2/, /held by alice with token 1/);
    await ctx.store().releaseLock(repo, 'deploy', lease.token);
    await rejectsWith(ctx.store().renewLock(repo, 'deploy', lease.token, 60_000), 'lock-lost', /released or taken over/);
  });

  test('an expired lease is taken over with a higher token, which fences the old holder out', async () => {
    const repo = ctx.repo('lock-expiry');
    const name = environmentLockName('prod');
    await ctx.store().createEnvironment(repo, 'prod', 'aaa', 'ci');
    const old = await ctx.store().acquireLock(repo, name, 'crashed', 150);
    await sleep(250);
    assert.equal(await ctx.store().getLock(repo, name), null, 'an expired lease is no longer held');
    const next = await ctx.store().acquireLock(repo, name, 'next', 60_000);
    assert.equal(next.token, old.token + 1);
    await ctx.store().checkFence(repo, name, next.token);
    await rejectsWith(ctx.store().checkFence(repo, name, old.token), 'lock-fenced', /token 1 was superseded by token 2/);
    await rejectsWith(ctx.store().renewLock(repo, name, old.token, 60_000), 'lock-lost', /held by next/);
    await rejectsWith(
      ctx.store().moveEnvironment(repo, 'prod', { to: 'old-plan', expected: 'aaa', actor: 'crashed', reason: 'deploy', fence: { lock: name, token: old.token } }),
      'lock-fenced',
    );
    assert.equal((await ctx.store().getEnvironment(repo, 'prod'))?.commit, 'aaa', 'a fenced move changes nothing');
    const moved = await ctx.store().moveEnvironment(repo, 'prod', {
      to: 'bbb', expected: 'aaa', actor: 'next', reason: 'deploy', fence: { lock: name, token: next.token },
    });
    assert.equal(moved.to, 'bbb');
  });
}
