import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Diagnostics } from '../../core/errors.js';
import { parseVarsOption } from '../../core/project/parse-vars.js';
import { parseYamlFile } from '../../core/project/yaml-file.js';
import { ExactInteger } from '../../core/util/exact-integer.js';
import { runCli, tempDir, writeTree } from '../helpers.js';

test('YAML integers past what a number holds exactly keep their digits; others stay numbers', () => {
  const yaml = parseYamlFile('wei: 1000000000000000000000\nbig: +12345678901234567890\nneg: -0099999999999999999999\nsmall: 42\nfloat: 1.5e300\nhex: 0x1F\n', 'x.yml', new Diagnostics());
  const value = yaml.value as Record<string, unknown>;
  assert.deepEqual(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v instanceof ExactInteger ? `exact ${v.digits}` : v])), {
    wei: 'exact 1000000000000000000000', big: 'exact 12345678901234567890', neg: 'exact -99999999999999999999', small: 42, float: 1.5e300, hex: 31,
  });
  const exact = value.wei as ExactInteger;
  assert.equal(`${exact}`, '1000000000000000000000');
  assert.equal(JSON.stringify({ exact }), '{"exact":"1000000000000000000000"}');
  assert.ok((value.big as number) > 5 && +exact === 1e21);
  assert.deepEqual(parseVarsOption('{"wei": 99999999999999999999999, "n": 1}'), { wei: new ExactInteger('99999999999999999999999'), n: 1 });
});

test("a var holding a uint256 amount prints its digits in the compiled SQL (as dbt does), not 1e+21", () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: wei\nvars:\n  min_value: 1000000000000000000000\n  ids: [12345678901234567890, 3]\n',
    'models/big_transfers.sql': "select * from {{ source('eth', 'transfers') }} where value > {{ var('min_value') }} and id in ({{ var('ids') | join(', ') }}) -- {{ var('ids') | tojson }}",
    'models/sources.yml': 'version: 2\nsources:\n  - name: eth\n    tables:\n      - name: transfers\n',
  });
  const out = runCli(['compile', '--json', '--project-dir', dir]);
  assert.equal(out.code, 0, out.stderr);
  const sql = (JSON.parse(out.stdout) as { models: { compiled_sql: string }[] }).models[0].compiled_sql;
  assert.match(sql, /where value > 1000000000000000000000 and id in \(12345678901234567890, 3\) -- \[12345678901234567890, 3\]/);
  const overridden = runCli(['compile', '--json', '--vars', '{min_value: 99999999999999999999999}', '--project-dir', dir]);
  assert.match((JSON.parse(overridden.stdout) as { models: { compiled_sql: string }[] }).models[0].compiled_sql, /value > 99999999999999999999999 /);
});
