import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../core/errors.js';
import { compileFiles } from '../helpers.js';

const at = (e: Diagnostic) => `${e.code} ${e.file}:${e.line}:${e.column} ${e.message} | ${e.hint}`;

test("doc() in a description names a {% docs %} block of a .md file under the docs paths; an unknown name, an unclosed or a duplicate block is an error, as in dbt", () => {
  const { errors } = compileFiles({
    'dbt_project.yml': 'name: docs\n',
    'models/orders.sql': 'select 1 as id, 2 as amount',
    'models/docs.md': '# Orders\n{% docs order_status %}\nOne of placed, shipped, returned.\n{% enddocs %}\n\n{%- docs amount -%}In cents.{%- enddocs -%}\n',
    'models/more/broken.md': 'text\n\n{% docs broken %}\nnever closed\n',
    'models/more/twice.md': '{% docs amount %}again{% enddocs %}',
    'models/schema.yml': [
      'version: 2',
      'models:',
      '  - name: orders',
      '    description: "{{ doc(\'order_status\') }}"',
      '    columns:',
      '      - name: id',
      '        description: "{{ doc(\'order_stat\') }}"',
      '      - name: amount',
      '        description: "{{ doc(\'docs\', \'amount\') }} Not {{ doc(\'nothing_like_it\') }}"',
      '      - name: note',
      '        description: "{{ doc(\'a\', \'b\', \'c\') }}"',
      'sources:',
      '  - name: raw',
      '    tables:',
      '      - name: orders',
      "        description: plain text, doc('x') is not a call outside {{ }}",
    ].join('\n') + '\n',
  });
  assert.deepEqual(errors.map(at), [
    "docs-block models/more/broken.md:3:1 '{% docs broken %}' is never closed | add {% enddocs %} at the end of its text",
    "docs-block models/more/twice.md:1:1 the docs block 'amount' is defined twice: also at models/docs.md:6 | rename or remove one of them",
    "unknown-doc models/schema.yml:7:22 doc('order_stat') names no docs block | did you mean 'order_status'?",
    "unknown-doc models/schema.yml:9:22 doc('nothing_like_it') names no docs block | write {% docs nothing_like_it %} ... {% enddocs %} in a .md file under the docs paths (docs-paths in dbt_project.yml, else the model, seed, test, macro, snapshot and analysis paths)",
    "invalid-arguments models/schema.yml:11:22 doc('a', 'b', 'c') is not a doc() call amp-dbt reads: doc() takes a docs block's name, or a package's and a block's | write {{ doc('block_name') }}",
  ]);
});

test('docs blocks are read from every resource path by default, and only from docs-paths when it is set, as in dbt', () => {
  const files = {
    'models/orders.sql': 'select 1 as id',
    'macros/notes.md': '{% docs from_macros %}x{% enddocs %}',
    'docs/notes.md': '{% docs from_docs %}x{% enddocs %}',
    'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    description: "{{ doc(\'from_macros\') }} {{ doc(\'from_docs\') }}"\n',
  };
  const byDefault = compileFiles({ ...files, 'dbt_project.yml': 'name: docs\n' }).errors.map((e) => e.message);
  assert.deepEqual(byDefault, ["doc('from_docs') names no docs block"], 'docs/ is no resource path');
  const set = compileFiles({ ...files, 'dbt_project.yml': 'name: docs\ndocs-paths: [docs]\n' }).errors.map((e) => e.message);
  assert.deepEqual(set, ["doc('from_macros') names no docs block"]);
});
