import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContractContext } from '../state-store-harness.js';
import { rejectsWith } from './rejects-with.js';

export function runContract(ctx: ContractContext): void {
  test('a run records who ran what, and each model\'s result', async () => {
    const repo = ctx.repo('runs');
    const id = await ctx.store().startRun(repo, { environment: 'prod', commit: 'aaa', actor: 'ci', command: 'run --select +orders' });
    const started = await ctx.store().getRun(id);
    assert.equal(started?.status, 'running');
    assert.equal(started?.finishedAt, null);
    assert.deepEqual(started?.models, []);
    await ctx.store().recordModelResult(id, { model: 'stg_orders', fingerprint: 'f1', status: 'reused' });
    await ctx.store().recordModelResult(id, { model: 'orders', fingerprint: 'f2', status: 'error', rows: null, durationMs: 12, error: 'boom' });
    const details = { manifestHash: 'ab12', jobId: 7, tags: ['0.0.0-env.prod'] };
    await ctx.store().recordModelResult(id, { model: 'orders', fingerprint: 'f2', status: 'success', rows: 5_000_000_000, durationMs: 340, error: null, details });
    await ctx.store().finishRun(id, 'success');
    const run = await ctx.store().getRun(id);
    assert.ok(run);
    assert.deepEqual({ ...run, startedAt: '', finishedAt: '', models: [] }, {
      id, repo, environment: 'prod', commit: 'aaa', actor: 'ci', command: 'run --select +orders', status: 'success',
      startedAt: '', finishedAt: '', models: [],
    });
    assert.ok(run.finishedAt! >= run.startedAt);
    assert.deepEqual(run.models.map(({ recordedAt: _at, ...m }) => m), [
      { model: 'orders', fingerprint: 'f2', status: 'success', rows: 5_000_000_000, durationMs: 340, error: null, details },
      { model: 'stg_orders', fingerprint: 'f1', status: 'reused', rows: null, durationMs: null, error: null, details: null },
    ]);
  });

  test('runs are listed newest first, by environment and with a limit', async () => {
    const repo = ctx.repo('runs-list');
    const ids: number[] = [];
    for (const environment of ['prod', 'pr-1', 'prod']) {
      ids.push(await ctx.store().startRun(repo, { environment, commit: 'c', actor: 'ci', command: 'run' }));
    }
    assert.deepEqual((await ctx.store().listRuns(repo)).map((r) => r.id), [...ids].reverse());
    assert.deepEqual((await ctx.store().listRuns(repo, { environment: 'prod' })).map((r) => r.id), [ids[2], ids[0]]);
    assert.deepEqual((await ctx.store().listRuns(repo, { limit: 1 })).map((r) => r.id), [ids[2]]);
    assert.deepEqual(await ctx.store().listRuns(ctx.repo('runs-none')), []);
  });

  test("abandoning marks the environment's earlier runs still running, and no other", async () => {
    const repo = ctx.repo('runs-abandon');
    const start = (environment: string) => ctx.store().startRun(repo, { environment, commit: 'c', actor: 'ci', command: 'run' });
    const killed = await start('prod');
    const finished = await start('prod');
    await ctx.store().finishRun(finished, 'success');
    const elsewhere = await start('pr-1');
    const current = await start('prod');
    assert.equal(await ctx.store().abandonRuns(repo, 'prod', current), 1);
    const statuses = await Promise.all([killed, finished, elsewhere, current].map(async (id) => (await ctx.store().getRun(id))?.status));
    assert.deepEqual(statuses, ['abandoned', 'success', 'running', 'running']);
    assert.ok((await ctx.store().getRun(killed))?.finishedAt);
  });

  test('an unknown run is refused', async () => {
    await rejectsWith(ctx.store().recordModelResult(987654321, { model: 'm', fingerprint: 'f', status: 'success' }), 'run-not-found', /987654321/);
    await rejectsWith(ctx.store().finishRun(987654321, 'error'), 'run-not-found', /987654321/);
    assert.equal(await ctx.store().getRun(987654321), null);
  });

  test('model state is kept per environment and model, latest write wins', async () => {
    const repo = ctx.repo('model-state');
    await ctx.store().setModelState(repo, 'prod', 'orders', { latestBlock: 21_000_000, freshness: 'pass', checkedAt: '2026-02-01T00:00:00Z' });
    await ctx.store().setModelState(repo, 'prod', 'customers', {
      latestTimestamp: '2026-02-01T10:00:00Z', freshness: 'warn', checkedAt: '2026-02-01T10:05:00Z',
    });
    await ctx.store().setModelState(repo, 'pr-1', 'orders', { latestBlock: 1, freshness: 'error' });
    await ctx.store().setModelState(repo, 'prod', 'orders', { latestBlock: 21_000_100, freshness: 'pass', checkedAt: '2026-02-01T01:00:00Z' });
    assert.deepEqual(await ctx.store().getModelStates(repo, 'prod'), [
      { model: 'customers', latestBlock: null, latestTimestamp: '2026-02-01T10:00:00.000Z', freshness: 'warn', checkedAt: '2026-02-01T10:05:00.000Z' },
      { model: 'orders', latestBlock: 21_000_100, latestTimestamp: null, freshness: 'pass', checkedAt: '2026-02-01T01:00:00.000Z' },
    ]);
    const [pr] = await ctx.store().getModelStates(repo, 'pr-1');
    assert.equal(pr.freshness, 'error');
    assert.ok(Math.abs(Date.parse(pr.checkedAt) - Date.now()) < 60_000);
  });
}
