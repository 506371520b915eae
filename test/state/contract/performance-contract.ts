import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import type { ContractContext } from '../state-store-harness.js';
import { generatedManifest } from './manifest-fixture.js';

const MODELS = 10_000;
/** Budgets are loose enough for a busy CI machine; the measured times are printed as test diagnostics. */
const BULK_BUDGET_MS = 1_000;
const QUERY_BUDGET_MS = 10;
/** A write waits for the commit to reach the disk (PostgreSQL fsyncs its WAL). */
const WRITE_BUDGET_MS = 25;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

async function median(fn: () => Promise<unknown>, times = 30): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push((await timed(fn)).ms);
  console.error(samples.map((x) => x.toFixed(1)).join(" "));
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)];
}

export function performanceContract(ctx: ContractContext): void {
  test(`a manifest of ${MODELS} models is saved and read in well under a second`, async (t) => {
    const repo = ctx.repo('bulk');
    const first = generatedManifest('c1', MODELS);
    const save = await timed(() => ctx.store().saveManifest(repo, first));
    assert.equal(save.value, true);
    const read = await timed(() => ctx.store().getManifest(repo, 'c1'));
    assert.equal(read.value?.models.length, MODELS);
    assert.deepEqual(read.value?.models, first.models);
    // The next commit changes 10 models: only those are new definitions.
    const second = generatedManifest('c2', MODELS, new Set([1, 50, 900, 1000, 2000, 3000, 4000, 5000, 6000, 9999]));
    const saveNext = await timed(() => ctx.store().saveManifest(repo, second));
    const definitions = await ctx.harness().query(ctx.url(), `SELECT count(*) AS n FROM model_definitions WHERE repo = '${repo}'`);
    assert.equal(Number(definitions[0].n), MODELS + 10);
    const readNext = await timed(() => ctx.store().getManifest(repo, 'c2'));
    assert.deepEqual(readNext.value?.models, second.models);
    t.diagnostic(`save ${MODELS}: ${save.ms.toFixed(0)} ms; read: ${read.ms.toFixed(0)} ms; `
      + `save next commit (10 changed): ${saveNext.ms.toFixed(0)} ms; read it: ${readNext.ms.toFixed(0)} ms`);
    for (const [what, ms] of [['save', save.ms], ['read', read.ms], ['save next', saveNext.ms], ['read next', readNext.ms]] as const) {
      assert.ok(ms < BULK_BUDGET_MS, `${what} took ${ms.toFixed(0)} ms`);
    }
  });

  test('single queries answer in milliseconds', async (t) => {
    const repo = ctx.repo('queries');
    const big = generatedManifest('c1', MODELS);
    await ctx.store().saveManifest(repo, big);
    for (let i = 0; i < 50; i++) await ctx.store().createEnvironment(repo, `pr-${i}`, 'c1', 'ci');
    await ctx.store().moveEnvironment(repo, 'pr-7', { to: 'c2', expected: 'c1', actor: 'ci', reason: 'deploy' });
    const fingerprints = big.models.slice(0, 100).map((m) => m.fingerprint);
    const reads = {
      getEnvironment: await median(() => ctx.store().getEnvironment(repo, 'pr-7')),
      environmentHistory: await median(() => ctx.store().environmentHistory(repo, 'pr-7')),
      listEnvironments: await median(() => ctx.store().listEnvironments(repo)),
      hasManifest: await median(() => ctx.store().hasManifest(repo, 'c1')),
      listManifests: await median(() => ctx.store().listManifests(repo, { limit: 20 })),
      'findModelsByFingerprint(100)': await median(async () => assert.equal((await ctx.store().findModelsByFingerprint(repo, fingerprints)).length, 100)),
      getLock: await median(() => ctx.store().getLock(repo, 'environment:pr-7')),
    };
    const writes = {
      'acquireLock+releaseLock': await median(async () => {
        const lease = await ctx.store().acquireLock(repo, 'environment:pr-7', 'me', 60_000);
        await ctx.store().releaseLock(repo, lease.name, lease.token);
      }),
      'getEnvironment+moveEnvironment': await median(async () => {
        const env = await ctx.store().getEnvironment(repo, 'pr-8');
        await ctx.store().moveEnvironment(repo, 'pr-8', { to: env!.commit === 'c1' ? 'c2' : 'c1', expected: env!.commit, actor: 'ci', reason: 'deploy' });
      }),
      setModelState: await median(() => ctx.store().setModelState(repo, 'pr-8', 'model_00001', { latestBlock: 1, freshness: 'pass' })),
    };
    const report = (timings: Record<string, number>) => Object.entries(timings).map(([name, ms]) => `${name} ${ms.toFixed(2)} ms`).join('; ');
    t.diagnostic(`reads (median): ${report(reads)}`);
    t.diagnostic(`writes (median): ${report(writes)}`);
    for (const [name, ms] of Object.entries(reads)) assert.ok(ms < QUERY_BUDGET_MS, `${name} took ${ms.toFixed(2)} ms`);
    for (const [name, ms] of Object.entries(writes)) assert.ok(ms < WRITE_BUDGET_MS, `${name} took ${ms.toFixed(2)} ms`);
  });
}
