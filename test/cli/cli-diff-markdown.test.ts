import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cli } from '../diff/cli-fixture.js';
import { baseProject } from '../diff/diff-repo.js';
import { commit, initRepo } from '../git/git-test-repo.js';

const wide = (word: string) => `select\n${Array.from({ length: 2500 }, (_, i) => `  ${word}_${i} + ${i} as column_${i},`).join('\n')}\n  1 as one\n`;

test('diff --markdown of a huge change stays under 65,536 characters and says what it cut', () => {
  const dir = initRepo({ ...baseProject, 'models/wide.sql': wide('amount') });
  commit(dir, 'v1');
  commit(dir, 'v2', {
    'models/wide.sql': wide('price'),
    'models/orders.sql': baseProject['models/orders.sql'].replace('where amount >', 'where amount >='),
  });
  const result = cli(dir, 'diff', '--base', 'HEAD~1', '--markdown');
  assert.equal(result.code, 0, result.stderr);
  const md = result.stdout;
  assert.ok(md.length <= 65_536, `${md.length} characters`);
  assert.match(md, /> Shortened to stay under GitHub's 65,536-character limit: cut the SQL diff of `wide` \(largest first\)\. Run `amp-dbt diff --base HEAD~1 --head HEAD` to see everything\./);
  assert.match(md, /<summary><code>wide<\/code> modified: body \(\+2500 −2500\)<\/summary>/);
  assert.match(md, /_SQL diff cut to fit the comment \(5,000 changed lines, [\d,]+ characters\)\._/);
  assert.match(md, /```diff\n--- a\/models\/orders.sql\n/, 'the small diff is kept');
  // The command the note suggests reads the same records: the target and selection repeated, as a shell reads them.
  const selected = cli(dir, 'diff', '--base', 'HEAD~1', '--markdown', '--select', 'wide*', 'orders+', '--target', 'dev');
  assert.equal(selected.code, 0, selected.stderr);
  assert.match(selected.stdout, /Run `amp-dbt diff --base HEAD~1 --head HEAD --select 'wide\*' orders\+ --target dev` to see everything\./);
  const json = JSON.parse(cli(dir, 'diff', '--base', 'HEAD~1', '--json').stdout);
  assert.ok(json.models.find((m: { name: string }) => m.name === 'wide').sqlDiff.text.length > 65_536, 'JSON keeps the whole diff');
});
