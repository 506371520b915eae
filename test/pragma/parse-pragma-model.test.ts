import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, FILE } from './pragma-test-helpers.js';

const MODEL = `-- Transfers of ERC-20 tokens
-- @config: materialized='incremental', unique_key='id'
--   @config : tags=['erc20'], enabled=True
-- @import: logs = models.staging.stg_logs
-- @import:eth=dataset _/eth_firehose@1.0.0

SELECT l.* FROM :logs l JOIN :eth.blocks b ON true
#if var('full') or target.name == 'prod' and var("region", 'eu') != 'us'
#endif
`;

test('configs with their locations', () => {
  const { parsed, diagnostics } = parse(MODEL);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(parsed.configs, [
    { kwargs: { materialized: 'incremental', unique_key: 'id' }, location: { file: FILE, line: 2, column: 4 } },
    { kwargs: { tags: ['erc20'], enabled: true }, location: { file: FILE, line: 3, column: 6 } },
  ]);
});

test('imports of models and datasets with their locations', () => {
  const { parsed } = parse(MODEL);
  assert.deepEqual(parsed.imports, [
    { alias: 'logs', kind: 'model', target: 'models.staging.stg_logs', location: { file: FILE, line: 4, column: 13 } },
    { alias: 'eth', kind: 'dataset', target: '_/eth_firehose@1.0.0', location: { file: FILE, line: 5, column: 12 } },
  ]);
});

test('description and the vars directives read', () => {
  const { parsed } = parse(MODEL);
  assert.equal(parsed.description, 'Transfers of ERC-20 tokens');
  assert.deepEqual(parsed.usedVars, ['full', 'region']);
});

test('dataset references may use a prerelease version or a hash', () => {
  const hash = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';
  const { parsed, diagnostics } = parse(`-- @import: a = dataset my_ns/my_ds@0.4.10-rc.1+20230502\n-- @import: b = dataset my_ns/my_ds@${hash}\nselect 1`);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(parsed.imports.map((i) => i.target), ['my_ns/my_ds@0.4.10-rc.1+20230502', `my_ns/my_ds@${hash}`]);
});

test('the header ends at the first SQL line; CRLF line endings work', () => {
  const { parsed, diagnostics } = parse("-- @import: a = models.x.a\r\n\r\nselect * from :a\r\n");
  assert.deepEqual(diagnostics, []);
  assert.equal(parsed.imports[0].target, 'models.x.a');
  assert.equal(parsed.description, null);
});

test('a multi-line description keeps blank header lines out', () => {
  const { parsed } = parse('-- Line one\n\n--   Line two\n-- @config: a=1\nselect 1 -- not header\n-- nor this');
  assert.equal(parsed.description, 'Line one\nLine two');
});

test('parsing never throws, whatever the input', () => {
  const pieces = ['-- @config: a=', "'", '"', ':x', '::', '#if ', '#endif', '#else', '\n', '/*', '*/', '$$', '⟦', '(', 'var(', '-- @import: a = models.b', ' ', 'E\'', '\r\n'];
  for (let i = 0; i < 3000; i++) {
    let content = '';
    for (let j = 0; j < 10; j++) content += pieces[(i * 31 + j * 17 + ((i >> 3) * j)) % pieces.length];
    assert.doesNotThrow(() => parse(content), content);
  }
});
