import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatListing, formatPack, parseListing, parsePack, planManifestWrite } from '../../core/state/manifest-packing.js';
import type { ManifestModelInput } from '../../core/state/state-types.js';

const model = (name: string, refs: string[], config: Record<string, unknown> = { materialized: 'view' }): ManifestModelInput => ({
  name, path: `models/${name}.sql`, blobId: `blob-${name}`, config, materialized: String(config.materialized), refs, sources: [],
  datasets: {}, columns: [], usedMacros: [], usedVars: ['start'], contentHash: `hash-${name}`, fingerprint: `fp-${name}`,
  canonicalSql: `select 1 as ${name}`, incrementalSql: null,
});

test('a pack is written in format 2 (names and shared values once) and reads back as the definitions it holds', () => {
  const models = [model('a', []), model('b', ['a']), model('c', ['a', 'b'], { materialized: 'table', tags: ['x'] })];
  const write = planManifestWrite(models, null);
  const body = write.newPack!.body;
  const stored = JSON.parse(body) as { format: number; strings: string[]; values: unknown[] };
  assert.equal(stored.format, 2);
  assert.deepEqual(stored.strings, ['a', 'view', 'b', 'c', 'table']);
  assert.deepEqual(stored.values, [{ materialized: 'view' }, [], {}, ['start'], { materialized: 'table', tags: ['x'] }]);
  const pack = parsePack(body);
  assert.equal(pack.size, 3);
  const c = [...pack.values()].find((d) => d[1] === 'c')!;
  assert.deepEqual(c.slice(1), ['c', 'models/c.sql', 'blob-c', { materialized: 'table', tags: ['x'] }, 'table', ['a', 'b'], [], {}, [], [], ['start'], 'hash-c']);
  assert.equal(formatPack([...pack.values()]), body, 'formatting what was read gives the same text');
});

test('a pack of the array format state schemas 5 to 7 wrote still reads; another shape is a SyntaxError (a damaged database)', () => {
  const old = [['def-a', 'a', 'models/a.sql', null, {}, 'view', ['z'], [], {}, [], [], [], 'hash-a']];
  assert.deepEqual([...parsePack(JSON.stringify(old)).entries()], [['def-a', old[0]]]);
  assert.throws(() => parsePack('{"format": 3, "definitions": []}'), SyntaxError);
  assert.throws(() => parsePack('null'), SyntaxError);
});

test('a listing is each model\'s definition id and fingerprint, and refuses an empty one or one holding a space', () => {
  assert.equal(formatListing({ definitionIds: [], fingerprints: [] }), '');
  const listing = { definitionIds: ['d1', 'd2', 'd3'], fingerprints: ['f1', 'f2', 'f3'] };
  assert.equal(formatListing(listing), 'd1 f1 d2 f2 d3 f3');
  assert.deepEqual(parseListing(formatListing(listing)), listing);
  for (const [ids, fps, culprit] of [
    [['d1', 'd 2'], ['f1', 'f2'], "'d 2'"], [['d1', 'd2'], ['', 'f2'], "fingerprint ''"], [[''], ['f1'], "id ''"],
    [['d1', ' d2'], ['f1', 'f2'], "' d2'"], [['d1'], ['f1 '], "'f1 '"], [['d1', 'd2'], ['f1', ''], "fingerprint ''"],
  ] as const) {
    assert.throws(() => formatListing({ definitionIds: [...ids], fingerprints: [...fps] }), (error: Error) => error.message.includes(culprit), `${ids} ${fps}`);
  }
});
