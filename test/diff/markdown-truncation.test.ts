import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffManifests } from '../../core/diff/diff-manifests.js';
import { GITHUB_COMMENT_LIMIT } from '../../core/diff/fit-markdown.js';
import { renderDiffMarkdown } from '../../core/diff/render-diff-markdown.js';
import { manifest, manifestModel } from './synthetic-manifest.js';

const labels = { base: { ref: 'main' }, head: { ref: 'feature' } };
const lines = (count: number, word: string) => Array.from({ length: count }, (_, i) => `  ${word}_${i} + ${i} AS c_${i},`).join('\n');
const sql = (count: number, word: string) => `SELECT\n${lines(count, word)}\n  1 AS one\n`;
const balanced = (md: string) => md.split('<details>').length === md.split('</details>').length;

test('a huge diff is cut first; the small ones and the rest of the comment stay', () => {
  const base = manifest('a'.repeat(40), [
    manifestModel('huge', sql(3000, 'old')), manifestModel('small_a', sql(3, 'x')), manifestModel('small_b', sql(3, 'y')),
  ]);
  const head = manifest('b'.repeat(40), [
    manifestModel('huge', sql(3000, 'new')), manifestModel('small_a', sql(3, 'xx')), manifestModel('small_b', sql(3, 'yy')),
  ]);
  const diff = diffManifests(base, head);
  assert.ok(diff.models[0].sqlDiff!.text.length > 2 * GITHUB_COMMENT_LIMIT, 'the fixture really is huge');
  const md = renderDiffMarkdown(diff, labels);
  assert.ok(md.length <= GITHUB_COMMENT_LIMIT, `${md.length} characters`);
  assert.match(md, /^> \[!WARNING\]\n> Shortened to stay under GitHub's 65,536-character limit: cut the SQL diff of `huge` \(largest first\)\. Run `amp-dbt diff --base main --head feature` to see everything\.$/m);
  assert.match(md, /<summary><code>huge<\/code> modified: body \(\+3000 −3000\)<\/summary>/);
  assert.match(md, /_SQL diff cut to fit the comment \(6,000 changed lines, [\d,]+ characters\)\._/);
  assert.equal(md.match(/```diff\n/g)?.length, 2, 'both small diffs are shown');
  assert.match(md, /```mermaid\n/);
  assert.ok(balanced(md));
});

test('several large diffs: the largest go first, until the comment fits', () => {
  const sizes = [900, 700, 500, 300, 100, 50];
  const base = manifest('a'.repeat(40), sizes.map((n, i) => manifestModel(`m${i}`, sql(n, 'old'))));
  const head = manifest('b'.repeat(40), sizes.map((n, i) => manifestModel(`m${i}`, sql(n, 'new'))));
  const md = renderDiffMarkdown(diffManifests(base, head), labels);
  assert.ok(md.length <= GITHUB_COMMENT_LIMIT);
  const cut = /cut the SQL diffs of (.*) \(largest first\)/.exec(md)?.[1];
  assert.equal(cut, '`m0`, `m1`');
  assert.equal(md.match(/```diff\n/g)?.length, 4);
  const small = renderDiffMarkdown(diffManifests(base, head), labels, { limit: 20_000 });
  assert.ok(small.length <= 20_000);
  assert.match(small, /cut the SQL diffs of `m0`, `m1`, `m2`, `m3` \(largest first\)/);
});

test('thousands of changed models: diffs, graph, sections and table rows are cut, in that order', () => {
  const models = Array.from({ length: 4000 }, (_, i) => manifestModel(`model_${String(i).padStart(4, '0')}`, sql(2, `v${i}`)));
  const diff = diffManifests(manifest('a'.repeat(40), []), manifest('b'.repeat(40), models));
  assert.equal(diff.summary.added, 4000);
  const md = renderDiffMarkdown(diff, labels);
  assert.ok(md.length <= GITHUB_COMMENT_LIMIT, `${md.length} characters`);
  assert.ok(md.length > GITHUB_COMMENT_LIMIT - 1000, 'the space is used');
  // Every diff was cut first, but with every section left out the note only names what is gone.
  assert.match(md, /limit: left out the graph of affected models; left out the details of 4,000 models; left out the last [\d,]+ rows of the table\./);
  assert.doesNotMatch(md, /```mermaid/);
  assert.match(renderDiffMarkdown(diff, labels, { limit: 10_000_000 }), /The graph of all 4,000 affected models is too large for GitHub to draw; `--json` lists them/);
  assert.match(md, /\| \*\*affected\*\* \(changed and downstream\) \| \*\*4,000\*\* \|/);
  assert.ok(balanced(md));
});
