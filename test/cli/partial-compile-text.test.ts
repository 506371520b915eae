import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompileCache } from '../../core/compile/compile-cache.js';
import { cacheText } from '../../cli/partial-compile.js';

/** A cache of `count` models, SQL with the placeholders' and other non-ASCII characters. */
function cache(count: number): CompileCache {
  const models: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    models[`models/m${i}.sql`] = { content: `c${i}`, rendered: { name: `m${i}`, canonicalSql: `select 'café ☕ 🍰' from ⟦ref:m${i - 1}⟧` }, contentHash: 'h', fingerprint: 'f' };
  }
  return { version: 9, key: 'k', models } as unknown as CompileCache;
}

test('the partial-compile cache is written in parts that make its JSON, as ASCII, for any number of models', () => {
  for (const count of [0, 1, 199, 200, 201, 400, 401]) {
    const parts = [...cacheText(cache(count))];
    const text = parts.join('');
    assert.ok(!/[^ -~]/.test(text), `${count} models: printable ASCII`);
    assert.deepEqual(JSON.parse(text), cache(count), `${count} models`);
    assert.ok(parts.length >= Math.ceil(count / 200), `${count} models: in parts`);
  }
});
