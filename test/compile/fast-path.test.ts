import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileFixture, repoRoot } from '../helpers.js';

const projects = readdirSync(join(repoRoot, 'fixtures', 'projects')).filter((name) => !name.startsWith('.')).sort();

test('there are fixture projects to compare', () => {
  assert.ok(projects.includes('erc20_transfers'), projects.join(', '));
});

for (const name of projects) {
  test(`fast path and nunjucks compile ${name} byte-identically`, () => {
    const fast = compileFixture(name, { useFastPath: true });
    const slow = compileFixture(name, { useFastPath: false });
    assert.deepEqual(fast.errors, slow.errors);
    const view = (c: typeof fast) => (c.result?.models ?? []).map((m) => ({
      name: m.name, canonical: m.canonicalSql, incremental: m.incrementalSql, fingerprint: m.fingerprint,
      config: m.config, refs: m.refs, sources: m.sources, datasets: m.datasets, sql: c.result!.targetSql(m.name),
    }));
    assert.deepEqual(view(fast), view(slow));
  });
}
