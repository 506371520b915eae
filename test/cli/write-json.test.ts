import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeJson } from '../../cli/write-json.js';

function written(value: unknown, space: number | undefined): { text: string; writes: number } {
  const pieces: string[] = [];
  writeJson(value, space, (text) => pieces.push(text));
  return { text: pieces.join(''), writes: pieces.length };
}

const models = Array.from({ length: 3000 }, (_, i) => ({
  name: `model_${i}`, reasons: ['upstream'], sqlDiff: i % 100 === 0 ? { text: '--- a\n+++ b\n"quoted"\t\u00e9', added: 1 } : null,
  nested: { deeper: [1, [2, { three: 3 }]], empty: {}, none: [] }, skipped: undefined,
}));

const values: Array<[string, unknown]> = [
  ['a diff-shaped result with a large array', { base: { commit: 'abc' }, models, affected: models.map((m) => m.name), macros: [], warnings: ['w'] }],
  ['an empty object', {}],
  ['an object of only left-out values', { a: undefined, f: () => 1 }],
  ['arrays holding values JSON writes as null', { items: [undefined, () => 1, Symbol('s'), null, NaN, 'x'] }],
  ['a top-level array', [1, { a: [2] }]],
  ['a string', 'text\n'],
  ['a number', 42],
  ['null', null],
  ['a Date (toJSON)', new Date(0)],
  ['an object holding a Date', { at: new Date(0), list: [new Date(0)] }],
  ['keys needing escapes', { 'a"b': 1, 'é\n': [1, 2], 'x\u2028': { y: 'z' } }],
];

for (const [what, value] of values) {
  for (const space of [undefined, 2]) {
    test(`writeJson writes ${what} as JSON.stringify does (space ${space ?? 'none'})`, () => {
      assert.equal(written(value, space).text, `${JSON.stringify(value, null, space)}\n`);
    });
  }
}

test('writeJson writes a large result in pieces of about 64 KB, a small one at once', () => {
  const large = written({ models }, undefined);
  assert.ok(large.text.length > 300_000);
  assert.ok(large.writes >= Math.floor(large.text.length / 65_536), `${large.writes} writes`);
  assert.ok(large.writes <= Math.ceil(large.text.length / 65_536) + 1, `${large.writes} writes`);
  assert.equal(written({ models: models.slice(0, 3) }, 2).writes, 1);
});
