import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFixture, fixture, repoRoot } from '../helpers.js';

/** Each broken project's EXPECTED.md lists `file:line:column code` lines in a ```text block. */
function expected(name: string): string[] {
  const text = readFileSync(join(fixture(name), 'EXPECTED.md'), 'utf8');
  const block = /```text\n([\s\S]*?)```/.exec(text);
  assert.ok(block, `${name}/EXPECTED.md has a text block`);
  return block[1].split('\n').map((l) => l.trim()).filter(Boolean);
}

const broken = readdirSync(join(repoRoot, 'fixtures', 'projects')).filter((n) => n.startsWith('broken-compile-')).sort();

test('there is a broken project per compile error family', () => {
  assert.ok(broken.length >= 9, broken.join(', '));
});

for (const name of broken) {
  test(`${name} reports exactly its errors with file, line and column`, () => {
    const { errors } = compileFixture(name);
    assert.deepEqual(errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code}`), expected(name));
    for (const e of errors) {
      assert.ok(e.message.length > 10, `a message for ${e.code}`);
      assert.ok(e.hint, `a hint for ${e.code}`);
    }
  });
}

test('messages say what is wrong and how to fix it', () => {
  const message = (name: string) => compileFixture(name).errors.map((e) => `${e.message} | ${e.hint}`).join('\n');
  assert.match(message('broken-compile-cycle'), /dependency cycle: a -> b -> c -> a/);
  assert.match(message('broken-compile-unknown-ref'), /refers to 'stg_transfer'.*\| did you mean 'stg_transfers'\?/);
  assert.match(message('broken-compile-unknown-source'), /source 'eth_firehose\.logz' is not declared \| did you mean 'eth_firehose\.logs'\?/);
  assert.match(message('broken-compile-bad-config'), /unknown key 'materialised'.*did you mean 'materialized'\?/);
  assert.match(message('broken-compile-jinja-syntax'), /'\{% if %\}' is never closed/);
  assert.match(message('broken-compile-undefined-macro'), /'wei_to_decimals' is not a macro or function \| did you mean 'wei_to_decimal'\?/);
  assert.match(message('broken-compile-pragma'), /':ordres' is not an import \| did you mean ':orders'\?/);
  assert.match(message('broken-compile-unknown-dataset'), /refers to 'eth'.*dependencies=/);
  assert.match(message('broken-compile-unclosed-sql'), /string literal opened here is never closed: 'open as status \| close it with '/);
});

test('a duplicated model name is reported once, naming both files, without a false cycle', () => {
  const { errors } = compileFixture('broken-config-duplicate-model');
  assert.deepEqual(errors.map((e) => e.code), ['duplicate-model']);
  assert.match(errors[0].message, /models\/marts\/orders\.sql and models\/staging\/orders\.sql/);
});

test('two files of one model name compile when all but one are disabled, as in dbt: the enabled one is the model', async () => {
  const { compileFiles, duckdbTarget } = await import('../helpers.js');
  const files = {
    'dbt_project.yml': 'name: twins\nmodels:\n  twins:\n    legacy:\n      +enabled: false\n',
    'models/legacy/orders.sql': 'select 1 as old_id',
    'models/marts/orders.sql': "{{ config(enabled=(target.name == 'dev')) }}select 2 as id",
    'models/prod/orders.sql': "{{ config(enabled=(target.name == 'prod')) }}select 3 as id",
    'models/report.sql': "select * from {{ ref('orders') }}",
  };
  const dev = compileFiles(files);
  assert.deepEqual(dev.errors, []);
  const orders = dev.result!.byName.get('orders')!;
  assert.equal(orders.path, 'models/marts/orders.sql');
  assert.deepEqual(dev.result!.models.map((m) => m.name), ['orders', 'report']);
  const prod = compileFiles(files, { target: { ...duckdbTarget, name: 'prod' } });
  assert.deepEqual(prod.errors, []);
  assert.equal(prod.result!.byName.get('orders')!.path, 'models/prod/orders.sql');
  const none = compileFiles(files, { target: { ...duckdbTarget, name: 'ci' } });
  assert.deepEqual(none.errors.map((e) => [e.code, e.file]), [['disabled-ref', 'models/report.sql']]);
  const both = compileFiles({ ...files, 'models/prod/orders.sql': 'select 3 as id' });
  assert.deepEqual(both.errors.map((e) => [e.code, e.file, e.message]), [
    ['duplicate-model', 'models/prod/orders.sql', "two models are named 'orders': models/marts/orders.sql and models/prod/orders.sql"],
  ]);
});

test("a model reading a dataset table that a declared source names (its schema is the reference) is selected by source:", async () => {
  const { compileFiles } = await import('../helpers.js');
  const { selectModels } = await import('../../core/graph/select.js');
  const { result, errors } = compileFiles({
    'dbt_project.yml': "name: ds\nmodels:\n  ds:\n    +dependencies:\n      eth: '_/eth_firehose@1.0.0'\n",
    'models/sources.yml': "version: 2\nsources:\n  - name: eth_firehose\n    schema: '_/eth_firehose@1.0.0'\n    tables:\n      - name: logs\n      - name: blocks\n",
    'models/logs_m.sql': "select block_num from {{ ref('eth') }}.logs",
    'models/blocks_m.sql': "select block_num from {{ source('eth_firehose', 'blocks') }}",
    'models/other.sql': 'select 1 as block_num',
  });
  assert.deepEqual(errors, []);
  const select = (selector: string) => selectModels(result!.graph, { select: [selector] }).selected;
  assert.deepEqual(select('source:eth_firehose.logs'), ['logs_m']);
  assert.deepEqual(select('source:eth_firehose').sort(), ['blocks_m', 'logs_m']);
  assert.deepEqual(result!.byName.get('logs_m')!.sources, [], 'the model as recorded is unchanged (fingerprints too)');
});
