import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContractContext } from '../state-store-harness.js';
import { rejectsWith } from './rejects-with.js';

export function environmentContract(ctx: ContractContext): void {
  test('the repositories with environments are listed, sorted, each once', async () => {
    const [first, second] = [ctx.repo('repos-a'), ctx.repo('repos-b')];
    await ctx.store().createEnvironment(first, 'prod', 'aaa', 'alice');
    await ctx.store().createEnvironment(first, 'dev', 'aaa', 'alice');
    await ctx.store().createEnvironment(second, 'prod', 'bbb', 'bob');
    const repos = await ctx.store().listRepositories();
    assert.deepEqual(repos.filter((r) => r === first || r === second), [first, second].sort());
    assert.deepEqual(repos, [...new Set(repos)].sort());
  });

  test('creating an environment writes the pointer and its first history entry', async () => {
    const repo = ctx.repo('env-create');
    const env = await ctx.store().createEnvironment(repo, 'prod', 'aaa', 'alice');
    assert.equal(env.name, 'prod');
    assert.equal(env.commit, 'aaa');
    assert.equal(env.updatedBy, 'alice');
    assert.equal(env.createdAt, env.updatedAt);
    assert.deepEqual(await ctx.store().getEnvironment(repo, 'prod'), env);
    const [created] = await ctx.store().environmentHistory(repo, 'prod');
    assert.deepEqual({ ...created, id: 0 }, { id: 0, environment: 'prod', from: null, to: 'aaa', actor: 'alice', reason: 'create', movedAt: env.createdAt });
    await rejectsWith(ctx.store().createEnvironment(repo, 'prod', 'bbb', 'bob'), 'environment-exists', /'prod'/, /aaa/);
    assert.equal(await ctx.store().getEnvironment(repo, 'staging'), null);
  });

  test('a move is a compare-and-swap on the expected commit; every move is kept', async () => {
    const repo = ctx.repo('env-move');
    await ctx.store().createEnvironment(repo, 'prod', 'aaa', 'alice');
    const promote = await ctx.store().moveEnvironment(repo, 'prod', { to: 'bbb', expected: 'aaa', actor: 'ci', reason: 'promote' });
    assert.deepEqual([promote.from, promote.to, promote.actor, promote.reason], ['aaa', 'bbb', 'ci', 'promote']);
    await rejectsWith(
      ctx.store().moveEnvironment(repo, 'prod', { to: 'ccc', expected: 'aaa', actor: 'bob', reason: 'deploy' }),
      'stale-plan', /'prod'/, /points at bbb/, /expected aaa/,
    );
    await ctx.store().moveEnvironment(repo, 'prod', { to: 'aaa', expected: 'bbb', actor: 'alice', reason: 'rollback' });
    const env = await ctx.store().getEnvironment(repo, 'prod');
    assert.equal(env?.commit, 'aaa');
    assert.equal(env?.updatedBy, 'alice');
    const history = await ctx.store().environmentHistory(repo, 'prod');
    assert.deepEqual(history.map((m) => [m.reason, m.from, m.to]), [['rollback', 'bbb', 'aaa'], ['promote', 'aaa', 'bbb'], ['create', null, 'aaa']]);
    assert.ok(history[0].id > history[1].id);
    await rejectsWith(
      ctx.store().moveEnvironment(repo, 'nope', { to: 'x', expected: 'y', actor: 'a', reason: 'deploy' }), 'environment-not-found', /'nope'/,
    );
  });

  test('of two moves planned against the same commit, exactly one applies', async () => {
    const repo = ctx.repo('env-race');
    await ctx.store().createEnvironment(repo, 'prod', 'base', 'ci');
    const results = await Promise.allSettled(['left', 'right'].map((to) =>
      ctx.store().moveEnvironment(repo, 'prod', { to, expected: 'base', actor: to, reason: 'deploy' })));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.equal((lost[0].reason as { code: string }).code, 'stale-plan');
    assert.equal((await ctx.store().environmentHistory(repo, 'prod')).length, 2);
  });

  test('environments are listed by name and deleted with their history', async () => {
    const repo = ctx.repo('env-list');
    for (const name of ['pr-2', 'prod', 'dev-alice', 'pr-10']) await ctx.store().createEnvironment(repo, name, `sha-${name}`, 'ci');
    assert.deepEqual((await ctx.store().listEnvironments(repo)).map((e) => e.name), ['dev-alice', 'pr-10', 'pr-2', 'prod']);
    assert.equal(await ctx.store().deleteEnvironment(repo, 'pr-2'), true);
    assert.equal(await ctx.store().deleteEnvironment(repo, 'pr-2'), false);
    assert.deepEqual(await ctx.store().environmentHistory(repo, 'pr-2'), []);
    await ctx.store().createEnvironment(repo, 'pr-2', 'again', 'ci');
    assert.deepEqual((await ctx.store().environmentHistory(repo, 'pr-2')).map((m) => m.to), ['again']);
  });
}
