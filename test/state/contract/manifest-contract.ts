import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContractContext } from '../state-store-harness.js';
import { manifest, manifestModel, withDefinition, withoutSql } from './manifest-fixture.js';

export function manifestContract(ctx: ContractContext): void {
  test("a manifest recorded by an older compiler revision is replaced only when the caller names that revision", async () => {
    const repo = ctx.repo('manifest-replace');
    assert.equal(await ctx.store().saveManifest(repo, manifest('c1', [manifestModel('a')], { compilerRevision: 1, macros: [{ path: 'macros/m.sql', blobId: 'b1' }] })), true);
    const newer = manifest('c1', [manifestModel('a', { canonicalSql: 'select 2' }), manifestModel('b')], { compilerRevision: 2 });
    assert.equal(await ctx.store().saveManifest(repo, newer), false, 'without replacing: a no-op');
    assert.equal(await ctx.store().saveManifest(repo, newer, { replacing: 0 }), false, 'another revision than the one recorded: kept');
    assert.equal(await ctx.store().saveManifest(repo, newer, { replacing: 1 }), true);
    const saved = await ctx.store().getManifest(repo, 'c1');
    assert.deepEqual([saved?.compilerRevision, saved?.models.map((m) => m.name), saved?.macros], [2, ['a', 'b'], newer.macros], 'the old macros are gone');
    assert.equal(await ctx.store().saveManifest(repo, newer, { replacing: 1 }), false, 'replaced once: a second replacement of revision 1 finds none');
  });

  test('a manifest round-trips every field, models sorted by name', async () => {
    const repo = ctx.repo('manifest');
    const input = manifest('c1', [
      manifestModel('orders', { refs: ['stg_orders'], incrementalSql: 'select 1 where x > (select max(x) from __this__)' }),
      manifestModel('stg_orders', { blobId: null, columns: [], datasets: {}, config: {} }),
    ], { parents: ['p1', 'p2'], recordedAt: '2026-03-01T12:00:00Z', compilerRevision: 7 });
    assert.equal(await ctx.store().saveManifest(repo, input), true);
    const saved = await ctx.store().getManifest(repo, 'c1');
    assert.deepEqual(saved, {
      commit: 'c1', parents: ['p1', 'p2'], recordedAt: '2026-03-01T12:00:00.000Z', projectName: 'shop',
      models: withoutSql(input.models), macros: input.macros, vars: input.vars, compilerRevision: 7,
    });
    // A manifest saved without a compiler revision reads back as null (as one recorded before revisions).
    assert.equal(await ctx.store().saveManifest(repo, manifest('c0', [manifestModel('a')])), true);
    assert.equal((await ctx.store().getManifest(repo, 'c0'))?.compilerRevision, null);
    const sql = await ctx.store().getModelSql(repo, [...input.models.map((m) => m.definitionId), 'unknown']);
    assert.deepEqual([...sql.keys()].sort(), input.models.map((m) => m.definitionId).sort());
    for (const m of input.models) assert.deepEqual(sql.get(m.definitionId), { canonicalSql: m.canonicalSql, incrementalSql: m.incrementalSql });
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

  test('a comment-only edit keeps the fingerprint and is a new definition with its own SQL', async () => {
    const repo = ctx.repo('fingerprint');
    const a = manifestModel('a', { fingerprint: 'fa' });
    await ctx.store().saveManifest(repo, manifest('c1', [a, manifestModel('b', { fingerprint: 'fb1' })], { recordedAt: '2026-01-01T00:00:00Z' }));
    // A comment-only edit of `a` keeps its fingerprint but is a new definition.
    const edited = withDefinition({ ...a, canonicalSql: `${a.canonicalSql} -- note` });
    await ctx.store().saveManifest(repo, manifest('c2', [edited, manifestModel('b', { fingerprint: 'fb2' })], {
      recordedAt: '2026-01-02T00:00:00Z',
    }));
    const c2 = await ctx.store().getManifest(repo, 'c2');
    assert.deepEqual(c2!.models.map((m) => m.fingerprint), ['fa', 'fb2']);
    assert.equal(c2!.models[0].definitionId, edited.definitionId);
    assert.notEqual(edited.definitionId, a.definitionId);
    assert.match((await ctx.store().getModelSql(repo, [edited.definitionId])).get(edited.definitionId)!.canonicalSql, /-- note$/);
  });

  test('repositories are isolated from each other', async () => {
    const one = ctx.repo('isolated-one');
    const two = ctx.repo('isolated-two');
    await ctx.store().saveManifest(one, manifest('same-sha', [manifestModel('a', { fingerprint: 'shared' })]));
    assert.equal(await ctx.store().hasManifest(two, 'same-sha'), false);
    assert.deepEqual(await ctx.store().getModelSql(two, [(await ctx.store().getManifest(one, 'same-sha'))!.models[0].definitionId]), new Map());
    assert.equal(await ctx.store().saveManifest(two, manifest('same-sha', [manifestModel('z')])), true);
    assert.deepEqual((await ctx.store().getManifest(one, 'same-sha'))?.models.map((m) => m.name), ['a']);
    await ctx.store().createEnvironment(one, 'prod', 'same-sha', 'alice');
    assert.equal(await ctx.store().getEnvironment(two, 'prod'), null);
    assert.deepEqual(await ctx.store().listEnvironments(two), []);
  });

  test('a manifest recorded from a base shares its definitions: models reused without their SQL', async () => {
    const repo = ctx.repo('manifest-base');
    const first = manifest('c1', [manifestModel('a'), manifestModel('b', { refs: ['a'] })]);
    await ctx.store().saveManifest(repo, first);
    // `a` is edited (with its SQL); `b` only gets a new fingerprint and travels without its SQL.
    const a = manifestModel('a', { canonicalSql: 'select 2 as id', fingerprint: 'fp-a2' });
    const { canonicalSql: _c, incrementalSql: _i, ...b } = { ...first.models[1], fingerprint: 'fp-b2' };
    assert.equal(await ctx.store().saveManifest(repo, { ...manifest('c2', []), models: [a, b], base: 'c1' }), true);
    const saved = await ctx.store().getManifest(repo, 'c2');
    assert.deepEqual(saved?.models, [withoutSql([a])[0], b]);
    const sql = await ctx.store().getModelSql(repo, [a.definitionId, b.definitionId]);
    assert.equal(sql.get(a.definitionId)?.canonicalSql, 'select 2 as id');
    assert.equal(sql.get(b.definitionId)?.canonicalSql, first.models[1].canonicalSql);
    // A model whose definition is in no base cannot come without its SQL.
    const { canonicalSql: _d, incrementalSql: _e, ...stranger } = manifestModel('z');
    await assert.rejects(ctx.store().saveManifest(repo, { ...manifest('c3', []), models: [stranger], base: 'c1' }), /SQL text was not given/);
    assert.equal(await ctx.store().hasManifest(repo, 'c3'), false);
  });

  // Read first, the base's packs are parsed, and saving learns what they hold from them instead of from its listing.
  for (const readBase of [false, true]) {
    test(`a long chain of recordings from bases keeps every manifest whole (base ${readBase ? 'read' : 'not read'} before saving)`, async () => {
      const repo = ctx.repo(`manifest-chain-${readBase}`);
      const size = 40;
      let previous: string | null = null;
      const expected = new Map<string, string[]>();
      const versions = new Array<number>(size).fill(0);
      for (let step = 0; step < 12; step++) {
        // Each step edits a quarter of the models, so the packs a manifest reads outgrow it and are rewritten as one.
        const edited = new Set(step === 0 ? [] : Array.from({ length: size / 4 }, (_, i) => (i * 4 + step) % size));
        for (const i of edited) versions[i]++;
        // A model edited back to an earlier version: its definition is in the packs, not in the base's listing.
        if (step === 6) versions[0] = 0;
        const models = versions.map((v, i) => manifestModel(`m${String(i).padStart(2, '0')}`, { canonicalSql: `select ${v} as v`, fingerprint: `fp-${i}-${v}` }));
        const input = models.map((m, i) => (previous !== null && !edited.has(i) && !(step === 6 && i === 0) ? withoutSql([m])[0] : m));
        if (readBase && previous !== null) assert.ok(await ctx.store().getManifest(repo, previous));
        assert.equal(await ctx.store().saveManifest(repo, { ...manifest(`c${step}`, []), models: input, ...(previous ? { base: previous } : {}) }), true);
        expected.set(`c${step}`, models.map((m) => m.definitionId));
        previous = `c${step}`;
      }
      for (const [commit, ids] of expected) {
        const saved = await ctx.store().getManifest(repo, commit);
        assert.deepEqual(saved?.models.map((m) => m.definitionId), ids, commit);
        const sql = await ctx.store().getModelSql(repo, ids);
        assert.equal(sql.size, new Set(ids).size, `${commit}: every definition's SQL is stored`);
      }
    });
  }
}
