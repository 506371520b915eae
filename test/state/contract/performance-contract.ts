import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManifestInput } from '../../../core/state/state-types.js';
import type { ContractContext } from '../state-store-harness.js';
import { generatedManifest, withoutSql } from './manifest-fixture.js';

const MODELS = 10_000;
const CHANGED = new Set([1, 50, 900, 1000, 2000, 3000, 4000, 5000, 6000, 9999]);

/**
 * Project-sized manifests round-trip. How fast is measured by `npm run bench` (state-record-10k, diff-10k,
 * state-queries), not asserted here.
 */
export function performanceContract(ctx: ContractContext): void {
  test(`a manifest of ${MODELS} models, and the next commit's from it, round-trip; only changed definitions are added`, async () => {
    const repo = ctx.repo('bulk');
    const first = generatedManifest('c1', MODELS);
    assert.equal(await ctx.store().saveManifest(repo, first), true);
    assert.deepEqual((await ctx.store().getManifest(repo, 'c1'))?.models, withoutSql(first.models));
    const second = generatedManifest('c2', MODELS, CHANGED);
    const next: ManifestInput = { ...second, models: second.models.map((m, i) => (CHANGED.has(i) ? m : withoutSql([m])[0])), base: 'c1' };
    assert.equal(await ctx.store().saveManifest(repo, next), true);
    const definitions = await ctx.harness().query(ctx.url(), `SELECT count(*) AS n FROM definition_sql WHERE repo = '${repo}'`);
    assert.equal(Number(definitions[0].n), MODELS + CHANGED.size);
    assert.deepEqual((await ctx.store().getManifest(repo, 'c2'))?.models, withoutSql(second.models));
  });
}
