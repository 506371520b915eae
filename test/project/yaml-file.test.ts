import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../../core/errors.js';
import { parseYamlFile } from '../../core/project/yaml-file.js';

const text = [
  'name: shop', //                 line 1
  'models:', //                    line 2
  '  shop:', //                    line 3
  "    '+materialized': view", //  line 4
  '    staging:', //               line 5
  '      +tags: [a, b]', //        line 6
  'paths:', //                     line 7
  '  - models', //                 line 8
  '  - more', //                   line 9
].join('\n');

test('parseYamlFile gives plain values and exact key/value positions', () => {
  const diagnostics = new Diagnostics();
  const yaml = parseYamlFile(text, 'dbt_project.yml', diagnostics);
  assert.equal(yaml.ok, true);
  assert.deepEqual(yaml.value, { name: 'shop', models: { shop: { '+materialized': 'view', staging: { '+tags': ['a', 'b'] } } }, paths: ['models', 'more'] });
  assert.deepEqual(yaml.at(['models', 'shop', '+materialized']), { file: 'dbt_project.yml', line: 4, column: 5 });
  assert.deepEqual(yaml.at(['models', 'shop', '+materialized'], 'value'), { file: 'dbt_project.yml', line: 4, column: 22 });
  assert.deepEqual(yaml.at(['models', 'shop', 'staging', '+tags', 1]), { file: 'dbt_project.yml', line: 6, column: 18 });
  assert.deepEqual(yaml.at(['paths', 1]), { file: 'dbt_project.yml', line: 9, column: 5 });
  const staging = (yaml.value as any).models.shop.staging;
  assert.equal(yaml.locate(staging, '+tags').line, 6);
  assert.equal(yaml.locator(staging)('+tags', 'value').column, 14);
  assert.equal(diagnostics.items.length, 0);
});

test('anchors and merge keys keep the positions of the anchored keys', () => {
  const yaml = parseYamlFile('base: &b\n  x: 1\n  y: 2\nuse:\n  <<: *b\n  y: 3\n', 'f.yml', new Diagnostics());
  const use = (yaml.value as any).use;
  assert.deepEqual(use, { x: 1, y: 3 });
  assert.equal(yaml.locate(use, 'x').line, 2);
  assert.equal(yaml.locate(use, 'y').line, 6);
});

test('yaml-syntax: an alias inside the value it names (a value holding itself) is an error at the alias, not a value to walk forever', () => {
  const diagnostics = new Diagnostics();
  const yaml = parseYamlFile('models:\n  - &m\n    name: orders\n    meta: {self: *m}\nother: *m\n', 'models/x.yml', diagnostics);
  assert.equal(yaml.ok, false);
  assert.deepEqual(diagnostics.items.map((d) => [d.line, d.column, d.code, d.message]), [
    [4, 18, 'yaml-syntax', 'invalid YAML: the alias *m is inside the value it names, so that value would never end'],
  ]);
  // An alias to a value already complete is no such thing.
  assert.deepEqual(parseYamlFile('a: &x {b: 1}\nc: {d: *x}\n', 'f.yml', new Diagnostics()).value, { a: { b: 1 }, c: { d: { b: 1 } } });
});

test('a __proto__ key stays a plain key', () => {
  const yaml = parseYamlFile('__proto__: {polluted: true}\n', 'f.yml', new Diagnostics());
  assert.equal(({} as any).polluted, undefined);
  assert.deepEqual(Object.keys(yaml.value as object), ['__proto__']);
});

test('an empty file is null', () => {
  const yaml = parseYamlFile('# nothing\n', 'f.yml', new Diagnostics());
  assert.equal(yaml.ok, true);
  assert.equal(yaml.value, null);
});

test('yaml-syntax: the position the yaml parser reports and what is wrong', () => {
  const diagnostics = new Diagnostics();
  const yaml = parseYamlFile('name: shop\nmodels:\n\t- x\n', 'dbt_project.yml', diagnostics);
  assert.equal(yaml.ok, false);
  assert.equal(yaml.value, undefined);
  assert.deepEqual(diagnostics.items, [{
    file: 'dbt_project.yml', line: 3, column: 1, code: 'yaml-syntax',
    message: 'invalid YAML: Tabs are not allowed as indentation', hint: 'indent YAML with spaces, not tabs',
  }]);
});

test('yaml-syntax: duplicate keys are reported at the second one', () => {
  const diagnostics = new Diagnostics();
  parseYamlFile('a: 1\nb: 2\na: 3\n', 'x.yml', diagnostics);
  assert.equal(diagnostics.items[0].code, 'yaml-syntax');
  assert.match(diagnostics.items[0].message, /Map keys must be unique/);
  assert.equal(diagnostics.items[0].line, 3);
});

test('a file with a second YAML document says so at its --- line, without the library advice', () => {
  const diagnostics = new Diagnostics();
  const yaml = parseYamlFile('version: 2\nmodels:\n  - name: a\n---\nversion: 2\n', 'models/p.yml', diagnostics);
  assert.equal(yaml.ok, false);
  assert.deepEqual(diagnostics.items.map((d) => [d.code, d.line, d.message]), [
    ['yaml-syntax', 4, "invalid YAML: the file holds more than one YAML document: a line '---' starts another one here"],
  ]);
  assert.match(diagnostics.items[0].hint ?? '', /keep one document per file/);
});

test('yaml-syntax: a line of a list item indented off its keys gets an indentation hint (not one about quotes)', () => {
  const diagnostics = new Diagnostics();
  parseYamlFile('version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n       tests:\n          - not_null\n', 'models/_m.yml', diagnostics);
  assert.deepEqual(diagnostics.items.map((d) => [d.code, d.line, d.message, d.hint]), [
    ['yaml-syntax', 6, 'invalid YAML: Sequence item without - indicator', "check this line's indentation against the keys above it (or start a new list item with '- ')"],
  ]);
});
