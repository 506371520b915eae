import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContractContext } from '../state-store-harness.js';
import { manifest, manifestModel } from './manifest-fixture.js';

export function manifestContract(ctx: ContractContext): void {
  test('a manifest round-trips every field, models sorted by name', async () => {
    const repo = ctx.repo('manifest');
    const input = manifest('c1', [
      manifestModel('orders', { refs: ['stg_orders'], incrementalSql: 'select 1 where x > (select max(x) from __this__)' }),
      manifestModel('stg_orders', { blobId: null, columns: [], datasets: {}, config: {} }),
    ], { parents: ['p1', 'p2'], recordedAt: '2026-03-01T12:00:00Z' });
    assert.equal(await ctx.store().saveManifest(repo, input), true);
    const saved = await ctx.store().getManifest(repo, 'c1');
    assert.deepEqual(saved, {
      commit: 'c1', parents: ['p1', 'p2'], recordedAt: '2026-03-01T12:00:00.000Z', projectName: 'shop',
      models: input.models, macros: input.macros, vars: input.vars,
    });
    assert.equal(await ctx.store().hasManifest(repo, 'c1'), true);
    assert.equal(await ctx.store().hasManifest(repo, 'c2'), false);
    assert.equal(await ctx.store().getManifest(repo, 'c2'), null);
  });

  test('recording the same commit twice is a no-op that keeps the first', async () => {
    const repo = ctx.repo('manifest-twice');
    assert.equal(await ctx.store().saveManifest(repo, manifest('c1', [manifestModel('a')])), true);
    assert.equal(await ctx.store().saveManifest(repo, manifest('c1', [manifestModel('b')])), false);
    const saved = await ctx.store().getManifest(repo, 'c1');
    assert.deepEqual(saved?.models.map((m) => m.name), ['a']);
  });

  test('manifests are listed newest first, with their model counts', async () => {
    const repo = ctx.repo('manifest-list');
    await ctx.store().saveManifest(repo, manifest('old', [manifestModel('a')], { recordedAt: '2026-01-01T00:00:00Z' }));
    await ctx.store().saveManifest(repo, manifest('new', [manifestModel('a'), manifestModel('b')], {
      parents: ['old'], recordedAt: '2026-01-02T00:00:00Z',
    }));
    assert.deepEqual(await ctx.store().listManifests(repo), [
      { commit: 'new', parents: ['old'], recordedAt: '2026-01-02T00:00:00.000Z', projectName: 'shop', modelCount: 2 },
      { commit: 'old', parents: [], recordedAt: '2026-01-01T00:00:00.000Z', projectName: 'shop', modelCount: 1 },
    ]);
    assert.deepEqual((await ctx.store().listManifests(repo, { limit: 1 })).map((m) => m.commit), ['new']);
  });

  test('a fingerprint lookup names the first commit that had each model version', async () => {
    const repo = ctx.repo('fingerprint');
    const a = manifestModel('a', { fingerprint: 'fa' });
    await ctx.store().saveManifest(repo, manifest('c1', [a, manifestModel('b', { fingerprint: 'fb1' })], { recordedAt: '2026-01-01T00:00:00Z' }));
    // A comment-only edit of `a` keeps its fingerprint but is a new definition.
    await ctx.store().saveManifest(repo, manifest('c2', [{ ...a, canonicalSql: `${a.canonicalSql} -- note` }, manifestModel('b', { fingerprint: 'fb2' })], {
      recordedAt: '2026-01-02T00:00:00Z',
    }));
    const found = await ctx.store().findModelsByFingerprint(repo, ['fa', 'fb2', 'unknown']);
    assert.deepEqual(found, [
      { fingerprint: 'fa', model: 'a', commit: 'c1', recordedAt: '2026-01-01T00:00:00.000Z' },
      { fingerprint: 'fb2', model: 'b', commit: 'c2', recordedAt: '2026-01-02T00:00:00.000Z' },
    ]);
    assert.deepEqual(await ctx.store().findModelsByFingerprint(repo, []), []);
    const c2 = await ctx.store().getManifest(repo, 'c2');
    assert.match(c2!.models[0].canonicalSql, /-- note$/);
  });

  test('repositories are isolated from each other', async () => {
    const one = ctx.repo('isolated-one');
    const two = ctx.repo('isolated-two');
    await ctx.store().saveManifest(one, manifest('same-sha', [manifestModel('a', { fingerprint: 'shared' })]));
    assert.equal(await ctx.store().hasManifest(two, 'same-sha'), false);
    assert.deepEqual(await ctx.store().findModelsByFingerprint(two, ['shared']), []);
    assert.equal(await ctx.store().saveManifest(two, manifest('same-sha', [manifestModel('z')])), true);
    assert.deepEqual((await ctx.store().getManifest(one, 'same-sha'))?.models.map((m) => m.name), ['a']);
    await ctx.store().createEnvironment(one, 'prod', 'same-sha', 'alice');
    assert.equal(await ctx.store().getEnvironment(two, 'prod'), null);
    assert.deepEqual(await ctx.store().listEnvironments(two), []);
  });
}
