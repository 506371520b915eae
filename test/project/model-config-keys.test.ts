import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../../core/errors.js';
import { MODEL_CONFIG_KEYS, validateModelConfig } from '../../core/project/model-config-keys.js';
import type { Location } from '../../core/project/project-types.js';

/** A config(...) call's keys, each on its own line of models/m.sql. */
const lineOf = (keys: string[]) => (key: string): Location => ({ file: 'models/m.sql', line: keys.indexOf(key) + 1, column: 10 });

test('valid configs are normalised: tags and hooks as lists, pre-hook as pre_hook', () => {
  const diagnostics = new Diagnostics();
  const config = {
    materialized: 'incremental', tags: 'nightly', enabled: false, unique_key: ['id', 'day'],
    dependencies: { eth: '_/eth_firehose@1.0.0', base: 'edgeandnode/base@2.1.0-rc.1' },
    'pre-hook': 'select 1', end_block: 1000, freshness: null, meta: { owner: 'data' },
  };
  const out = validateModelConfig(config, lineOf(Object.keys(config)), diagnostics);
  assert.deepEqual(diagnostics.items, []);
  assert.deepEqual(out, {
    materialized: 'incremental', tags: ['nightly'], enabled: false, unique_key: ['id', 'day'],
    dependencies: { eth: '_/eth_firehose@1.0.0', base: 'edgeandnode/base@2.1.0-rc.1' },
    pre_hook: ['select 1'], end_block: '1000', freshness: null, meta: { owner: 'data' },
  });
  assert.ok(MODEL_CONFIG_KEYS.includes('track_column'));
});

test("a dependency on a moving version (latest, dev) is invalid, as in a header pragma: Amp refuses it in a manifest", () => {
  for (const version of ['latest', 'dev']) {
    const diagnostics = new Diagnostics();
    const config = { dependencies: { eth: `_/eth_firehose@${version}` } };
    validateModelConfig(config, lineOf(Object.keys(config)), diagnostics);
    assert.deepEqual(diagnostics.items.map((d) => [d.code, d.hint]), [['invalid-value', 'write <namespace>/<name>@<version> with an exact version or a manifest hash (not latest or dev), e.g. _/eth_firehose@1.0.0']]);
  }
});

test('unknown-key: at the key, with a did-you-mean hint', () => {
  const diagnostics = new Diagnostics();
  const config = { materialised: 'table' };
  const out = validateModelConfig(config, lineOf(['x', 'materialised']), diagnostics);
  assert.deepEqual(out, {});
  assert.deepEqual(diagnostics.items, [{
    file: 'models/m.sql', line: 2, column: 10, code: 'unknown-key',
    message: "unknown key 'materialised' in model config", hint: "did you mean 'materialized'?",
  }]);
});

test("other warehouses' configs (BigQuery, Snowflake, Redshift, Spark) are kept as written; a key of the project's own is pointed at meta", () => {
  const diagnostics = new Diagnostics();
  const config = { partition_by: { field: 'day', data_type: 'date' }, cluster_by: ['id'], transient: false, dist: 'id', file_format: 'delta', team_owner: 'x' };
  const out = validateModelConfig(config, lineOf(Object.keys(config)), diagnostics);
  assert.deepEqual(out, { partition_by: { field: 'day', data_type: 'date' }, cluster_by: ['id'], transient: false, dist: 'id', file_format: 'delta' });
  assert.deepEqual(diagnostics.items.map((d) => [d.code, d.message, d.hint]), [
    ['unknown-key', "unknown key 'team_owner' in model config", "a key of the project's own goes under 'meta:' (meta: {owner: finance})"],
  ]);
});

test('invalid-value: materialized, tags, enabled and dependencies', () => {
  const diagnostics = new Diagnostics();
  const config = { materialized: 'tabel', tags: [1], enabled: 'yes', dependencies: { eth: 'eth_firehose', '9x': '_/a@1.0.0' } };
  const out = validateModelConfig(config, lineOf(Object.keys(config)), diagnostics, { where: "config of model 'm'" });
  assert.deepEqual(out, { dependencies: {} });
  const byLine = diagnostics.items.map((d) => [d.code, d.line, d.message, d.hint]);
  assert.deepEqual(byLine, [
    ['invalid-value', 1, "'materialized' in config of model 'm' must be one of view, table, incremental, ephemeral, got the string 'tabel'", "did you mean 'table'?"],
    ['invalid-value', 2, "'tags' in config of model 'm' must be a string or a list of strings, got a list", null],
    ['invalid-value', 3, "'enabled' in config of model 'm' must be true or false, got the string 'yes'", null],
    ['invalid-value', 4, "'eth' in 'dependencies' of config of model 'm' must be a dataset reference 'namespace/name@version', got the string 'eth_firehose'",
      'write <namespace>/<name>@<version> with an exact version or a manifest hash (not latest or dev), e.g. _/eth_firehose@1.0.0'],
    ['invalid-value', 4, "dependency alias '9x' must start with a letter and hold only letters, digits and '_'", null],
  ]);
});

test("dbt's materializations and incremental strategies amp-dbt lacks are invalid-value errors saying what to use instead", () => {
  const diagnostics = new Diagnostics();
  validateModelConfig({ materialized: 'materialized_view' }, lineOf(['materialized']), diagnostics, { where: "config of model 'm'" });
  validateModelConfig({ materialized: 'incremental', incremental_strategy: 'microbatch' }, lineOf(['materialized', 'incremental_strategy']), diagnostics, { where: "config of model 'm'" });
  validateModelConfig({ materialized: 'incremental', incremental_strategy: 'insert_overwrite' }, lineOf(['materialized', 'incremental_strategy']), diagnostics, { where: "config of model 'm'" });
  assert.deepEqual(diagnostics.items.map((d) => [d.code, d.message, d.hint]), [
    ['invalid-value', "'materialized' in config of model 'm' must be one of view, table, incremental, ephemeral, got the string 'materialized_view'",
      "materialized views are not there in amp-dbt: use 'table' (built once per version of the model) or 'incremental'"],
    ['invalid-value', "'incremental_strategy' in config of model 'm' must be one of append, delete+insert, merge, got the string 'microbatch'",
      "dbt's microbatch is not there: filter the new rows in {% if is_incremental() %} (on the event time) and use 'delete+insert' or 'merge' with a unique_key"],
    ['invalid-value', "'incremental_strategy' in config of model 'm' must be one of append, delete+insert, merge, got the string 'insert_overwrite'",
      "dbt's insert_overwrite is not there: use 'delete+insert' with the partition's columns as unique_key"],
  ]);
});

test('freshness periods are checked', () => {
  const diagnostics = new Diagnostics();
  const out = validateModelConfig({ freshness: { warn_after: { count: 2, period: 'hours' } } }, lineOf(['freshness']), diagnostics);
  assert.deepEqual(out, { freshness: {} });
  assert.equal(diagnostics.items[0].code, 'invalid-value');
  assert.match(diagnostics.items[0].message, /'period' .* must be one of minute, hour, day, block, got the string 'hours'/);
  assert.equal(diagnostics.items[0].hint, "did you mean 'hour'?");
});

test("dbt configs other adapters act on (dbt-postgres' indexes, sql_header ...) are accepted as written", () => {
  const diagnostics = new Diagnostics();
  const config = { indexes: [{ columns: ['id'], unique: true }], sql_header: 'set timezone = utc', access: 'public', group: 'finance' };
  assert.deepEqual(validateModelConfig(config, lineOf(Object.keys(config)), diagnostics), config);
  assert.deepEqual(diagnostics.items, []);
});
