import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, parse, FILE } from './pragma-test-helpers.js';

test('pragma-outside-header', () => {
  assert.deepEqual(errors("-- @config: a=1\nselect 1\n  -- @config: materialized='table'\nselect 2 -- @import: x = models.a.b"),
    ['3:6 pragma-outside-header']);
});

test('unknown-pragma suggests config or import', () => {
  const { diagnostics } = parse('-- @confg: a=1\n-- @author: me\nselect 1');
  assert.deepEqual(diagnostics.map((d) => [d.line, d.column, d.code]), [[1, 4, 'unknown-pragma'], [2, 4, 'unknown-pragma']]);
  assert.match(diagnostics[0].hint ?? '', /did you mean '@config'\?/);
  assert.doesNotMatch(diagnostics[1].hint ?? '', /did you mean/);
  assert.equal(diagnostics[0].file, FILE);
});

test('invalid-pragma when the colon is missing', () => {
  assert.deepEqual(errors("-- @config materialized='table'\nselect 1"), ['1:11 invalid-pragma']);
});

test('invalid-literal and invalid-config point into the @config text', () => {
  assert.deepEqual(errors("-- @config: materialized=table\nselect 1"), ['1:26 invalid-literal']);
  assert.deepEqual(errors("-- @config: tags=['a' 'b']\nselect 1"), ['1:23 invalid-literal']);
  assert.deepEqual(errors("-- @config:  'table'\nselect 1"), ['1:14 invalid-config']);
});

test('invalid-import with an example in the hint', () => {
  const { diagnostics } = parse([
    '-- @import: logs models.a.b',
    '-- @import: logs = stg_logs',
    '-- @import: eth = dataset eth_firehose',
    '-- @import: eth = dataset _/eth_firehose@latest',
    '-- @import: 1x = models.a.b',
    '-- @import: x = models.',
    '-- @import: this = models.a.b',
    'select 1',
  ].join('\n'));
  assert.deepEqual(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`), [
    '1:13 invalid-import', '2:20 invalid-import', '3:27 invalid-import', '4:27 invalid-import', '5:13 invalid-import', '6:17 invalid-import', '7:13 invalid-import',
  ]);
  assert.match(diagnostics[0].hint ?? '', /-- @import: orders = models\.staging\.stg_orders/);
  assert.match(diagnostics[1].hint ?? '', /models\.staging\.stg_logs/);
  assert.match(diagnostics[3].hint ?? '', /explicit version/);
  assert.match(diagnostics[6].message, /'this'/);
});

test('an invalid @import is reported once: its :alias references are not unknown-import errors too', () => {
  assert.deepEqual(errors('-- @import: eth = dataset _/eth_firehose\nselect * from :eth.logs\njoin :nope on true'),
    ['1:27 invalid-import', '3:6 unknown-import']);
});

test('duplicate-import names the first line', () => {
  const { diagnostics, parsed } = parse('-- @import: a = models.x.a\n-- @import:  a = models.x.b\nselect :a');
  assert.deepEqual(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`), ['2:14 duplicate-import']);
  assert.match(diagnostics[0].hint ?? '', /line 1/);
  assert.deepEqual(parsed.imports.map((i) => i.target), ['models.x.a']);
});

test('unknown-import with did-you-mean, in every branch', () => {
  const { diagnostics } = parse('-- @import: logs = models.x.logs\nselect * from :lgs\n#if false\n  join :zzzzzz\n#endif\n');
  assert.deepEqual(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`), ['2:15 unknown-import', '4:8 unknown-import']);
  assert.match(diagnostics[0].hint ?? '', /did you mean ':logs'\?/);
  assert.match(diagnostics[1].hint ?? '', /@import: zzzzzz = /);
});

test('invalid-directive points at the problem', () => {
  assert.deepEqual(errors('select 1\n#if is_incremental and\n#endif'), ['2:23 invalid-directive']);
  assert.deepEqual(errors('select 1\n#if target.type == "x"\n#endif'), ['2:12 invalid-directive']);
  assert.deepEqual(errors('select 1\n#if foo\n#endif'), ['2:5 invalid-directive']);
  assert.deepEqual(errors("select 1\n#if var('x') = 'y'\n#endif"), ['2:14 invalid-directive']);
  assert.deepEqual(errors('select 1\n#if\n#endif'), ['2:4 invalid-directive']);
  assert.deepEqual(errors('select 1\n#if true\n#else true\n#endif x'), ['3:7 invalid-directive', '4:8 invalid-directive']);
  assert.deepEqual(errors('select 1\n#if true\n#elsif true\n#endif'), ['3:1 invalid-directive']);
  assert.deepEqual(errors("select 1\n#if var(x)\n#endif"), ['2:9 invalid-directive']);
});

test("an unknown name in a condition suggests the nearest one (is_incrementl: is_incremental)", () => {
  const { diagnostics } = parse('select 1\n#if is_incrementl\n#endif\n#if foo\n#endif');
  assert.deepEqual(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`), ['2:5 invalid-directive', '4:5 invalid-directive']);
  assert.match(diagnostics[0].hint ?? '', /^did you mean 'is_incremental'\? conditions use/);
  assert.match(diagnostics[1].hint ?? '', /^conditions use/);
});

test('unbalanced-directive at the opening or stray line', () => {
  assert.deepEqual(errors('select 1\n  #if true\n#if false\n#endif\n'), ['2:3 unbalanced-directive']);
  assert.deepEqual(errors('select 1\n#endif\n'), ['2:1 unbalanced-directive']);
  assert.deepEqual(errors('select 1\n#else\n'), ['2:1 unbalanced-directive']);
  assert.deepEqual(errors('select 1\n#elif true\n'), ['2:1 unbalanced-directive']);
  assert.deepEqual(errors('select 1\n#if true\n#else\n#else\n#endif'), ['4:1 unbalanced-directive']);
  assert.deepEqual(errors('select 1\n#if true\n#else\n#elif true\n#endif'), ['4:1 unbalanced-directive']);
});

test('directive lines inside strings and comments are not directives', () => {
  assert.deepEqual(errors("select '\n#endif\n', 1 /*\n#if\n*/"), []);
});
