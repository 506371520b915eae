import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { COMPILER_REVISION } from '../../core/compile/compiler-revision.js';
import type { RecordCommitResult } from '../../core/record/record-commit.js';
import type { StateStore } from '../../core/state/state-store.js';
import type { ManifestModel } from '../../core/state/state-types.js';
import { initRepo } from '../git/git-test-repo.js';
import { fixtureFiles, memoryStore, ProjectRepo, recordHead, REPO_KEY, storedManifest } from './record-test-repo.js';

const pragmaModel = `-- @import: decoded = models.intermediate.int_transfers_decoded
-- @config: materialized='table'
SELECT count(*) AS n FROM :decoded
`;

let incremental: StateStore;
let project: ProjectRepo;
const recorded: RecordCommitResult[] = [];

before(async () => {
  incremental = await memoryStore();
  project = new ProjectRepo(initRepo({ '.gitignore': '.amp-dbt/\n' }), 'warehouse');
});
after(async () => {
  await incremental.close();
});

/**
 * Commits `files`, records HEAD incrementally (after the commits before it) and with a full compile into
 * a fresh store, and checks both stored the same manifest (or reported the same errors).
 */
async function step(message: string, files: Record<string, string | null>, moves: [string, string][] = []): Promise<RecordCommitResult> {
  for (const [from, to] of moves) project.move(from, to);
  const sha = project.commit(message, files);
  const result = await recordHead(incremental, project);
  const full = await memoryStore();
  try {
    const reference = await recordHead(full, project, { incremental: false });
    assert.equal(result.commit, sha);
    assert.deepEqual(result.errors, reference.errors, message);
    assert.deepEqual(await storedManifest(incremental, sha), await storedManifest(full, sha), message);
    assert.equal(reference.compile?.mode, 'full');
  } finally {
    await full.close();
  }
  recorded.push(result);
  return result;
}

const byName = (models: readonly ManifestModel[]) => new Map(models.map((m) => [m.name, m]));
const previousModels = () => byName(recorded.filter((r) => r.inserted).at(-2)!.manifest!.models);
const currentModels = () => byName(recorded.at(-1)!.manifest!.models);

/** Names of the models whose fingerprint differs from the previous recorded commit's. */
function changedFingerprints(): string[] {
  const before = previousModels();
  return [...currentModels().values()].filter((m) => before.get(m.name)?.fingerprint !== m.fingerprint).map((m) => m.name).sort();
}

test('the first commit has no recorded ancestor: every model is rendered', async () => {
  const result = await step('erc20 project', {
    ...Object.fromEntries(Object.entries(fixtureFiles('erc20_transfers')).map(([path, text]) => [path, text])),
    'models/reports/decoded_count.sql': pragmaModel,
    'models/reports/scratch.sql': "select count(*) as n from {{ ref('dim_tokens') }}",
  });
  assert.equal(result.inserted, true);
  assert.equal(result.compile?.mode, 'full');
  assert.match(result.compile?.reason ?? '', /no recorded ancestor within 64 first-parent commits/);
  assert.equal(result.compile?.rendered, 9);
});

test('a model edit renders that model only; fingerprints change down the graph', async () => {
  const text = project.read('models/intermediate/int_transfers_decoded.sql').replace('d.tx_index,', 'd.tx_index, d.tx_index + 1 as tx_position,');
  const result = await step('add a column', { 'models/intermediate/int_transfers_decoded.sql': text });
  assert.deepEqual({ ...result.compile, base: null }, { mode: 'incremental', base: null, reason: null, models: 9, rendered: 1, reused: 8 });
  assert.equal(result.compile?.base, recorded[0].commit);
  assert.deepEqual(changedFingerprints(), ['decoded_count', 'dim_tokens', 'fct_transfers', 'int_transfers_decoded', 'scratch', 'token_daily_volume', 'top_senders']);
});

test('a macro edit renders the models that call it, also through another macro of its file', async () => {
  const units = project.read('macros/units.sql').replace('cast({{ col }} as double)', 'cast({{ col }} as decimal(38, 0))');
  let result = await step('decimal amounts', { 'macros/units.sql': units });
  assert.equal(result.compile?.mode, 'incremental');
  assert.equal(result.compile?.rendered, 1);
  const erc20 = project.read('macros/erc20.sql').replace('uint256 value)', 'uint256 amount)');
  result = await step('rename the decoded field', { 'macros/erc20.sql': erc20 });
  assert.equal(result.compile?.mode, 'incremental');
  assert.deepEqual(changedFingerprints().includes('int_transfers_decoded'), true);
  assert.ok(result.compile!.rendered >= 2, `rendered ${result.compile!.rendered}`);
});

test('a var edit in dbt_project.yml renders the models that read it', async () => {
  const yml = project.read('dbt_project.yml').replace('top_senders_limit: 100', 'top_senders_limit: 50');
  const result = await step('fewer top senders', { 'dbt_project.yml': yml });
  assert.equal(result.compile?.mode, 'incremental');
  assert.equal(result.compile?.rendered, 1);
  assert.deepEqual(changedFingerprints(), ['top_senders']);
});

test('a comment-only edit renders the model again and keeps every fingerprint', async () => {
  const text = project.read('models/marts/dim_tokens.sql').replace('-- One row per token', '-- Exactly one row per token');
  const result = await step('comment', { 'models/marts/dim_tokens.sql': text });
  assert.equal(result.compile?.rendered, 1);
  assert.deepEqual(changedFingerprints(), []);
  // The text changed (a new definition), the fingerprint did not.
  assert.notEqual(currentModels().get('dim_tokens')!.definitionId, previousModels().get('dim_tokens')!.definitionId);
  const sql = await incremental.getModelSql(REPO_KEY, [currentModels().get('dim_tokens')!.definitionId]);
  assert.match([...sql.values()][0].canonicalSql, /Exactly one row per token/);
});

test('an added and a removed model', async () => {
  const result = await step('swap a mart', {
    'models/marts/top_receivers.sql': "select to_address, count(*) as n from {{ ref('fct_transfers') }} group by 1",
    'models/reports/scratch.sql': null,
  });
  assert.equal(result.compile?.mode, 'incremental');
  assert.equal(result.compile?.rendered, 1);
  assert.ok(currentModels().has('top_receivers'));
  assert.ok(!currentModels().has('scratch'));
});

test('a moved model renders the header-pragma models importing it by path (here: an error, so nothing is recorded)', async () => {
  const result = await step('move the decoded model', {}, [['models/intermediate/int_transfers_decoded.sql', 'models/staging/int_transfers_decoded.sql']]);
  assert.equal(result.inserted, false);
  assert.equal(result.manifest, null);
  assert.deepEqual(result.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code}`), ['models/reports/decoded_count.sql:1:13 unknown-import-target']);
});

test('after a commit with errors, the nearest recorded ancestor further back is used', async () => {
  const result = await step('fix the import', { 'models/reports/decoded_count.sql': pragmaModel.replace('models.intermediate.', 'models.staging.') });
  assert.equal(result.compile?.mode, 'incremental');
  assert.equal(result.compile?.base, recorded.filter((r) => r.inserted).at(-2)!.commit);
  assert.deepEqual(changedFingerprints(), []);
});

test('--vars overrides are compared with the values the ancestor was recorded with', async () => {
  project.commit('readme', { 'README.md': 'edited\n' });
  const result = await recordHead(incremental, project, { vars: { start_block: 20_000_000 } });
  assert.equal(result.compile?.mode, 'incremental');
  assert.equal(result.compile?.rendered, 2);
  const full = await memoryStore();
  const reference = await recordHead(full, project, { incremental: false, vars: { start_block: 20_000_000 } });
  assert.deepEqual(await storedManifest(incremental, result.commit), await storedManifest(full, reference.commit));
  await full.close();
});

test('a model disabled while unchanged models still refer to it: the same errors as a full compile', async () => {
  const fct = project.read('models/marts/fct_transfers.sql');
  const result = await step('disable fct_transfers', { 'models/marts/fct_transfers.sql': `{{ config(enabled=false) }}\n${fct}` });
  assert.equal(result.inserted, false);
  assert.ok(result.errors.some((e) => e.code === 'disabled-ref'), JSON.stringify(result.errors));
  const fixed = await step('enable it again', { 'models/marts/fct_transfers.sql': fct });
  assert.deepEqual([fixed.inserted, fixed.compile?.mode], [true, 'incremental']);
});

test('an edit that closes a cycle through unchanged models: the same errors as a full compile', async () => {
  const blocks = project.read('models/staging/stg_blocks.sql');
  const result = await step('cycle', { 'models/staging/stg_blocks.sql': blocks.replace('select\n', "select\n    (select count(*) from {{ ref('top_senders') }}) as senders,\n") });
  assert.equal(result.inserted, false);
  assert.ok(result.errors.some((e) => e.code === 'cycle'), JSON.stringify(result.errors));
  const fixed = await step('no cycle', { 'models/staging/stg_blocks.sql': blocks });
  assert.deepEqual([fixed.inserted, fixed.compile?.mode], [true, 'incremental']);
});

test('a property file, profiles.yml or dbt_project.yml setting change renders every model', async () => {
  const marts = project.read('models/marts/_marts.yml').replace('Built incrementally by block.', 'Built by block.');
  let result = await step('describe', { 'models/marts/_marts.yml': marts });
  assert.deepEqual([result.compile?.mode, result.compile?.reason], ['full', 'models/marts/_marts.yml changed']);
  result = await step('profiles', { 'profiles.yml': project.read('profiles.yml').replace('schema: main', 'schema: analytics') });
  assert.deepEqual([result.compile?.mode, result.compile?.reason], ['full', 'profiles.yml changed']);
  result = await step('tags', { 'dbt_project.yml': project.read('dbt_project.yml').replace('+tags: [marts]', '+tags: [marts, gold]') });
  assert.deepEqual([result.compile?.mode, result.compile?.reason], ['full', 'dbt_project.yml changed (beyond vars)']);
});

test('a seed added or removed renders every model (a ref may name it); new data in a seed renders its readers, which get new fingerprints', async () => {
  let result = await step('a seed and a model reading it', {
    'seeds/token_labels.csv': 'address,label\n0xa0b8,USDC\n',
    'models/marts/labelled.sql': "select label from {{ ref('token_labels') }}",
  });
  assert.deepEqual([result.compile?.mode, result.compile?.reason], ['full', 'seed seeds/token_labels.csv was added or removed']);
  assert.equal(currentModels().get('labelled')!.refs.length, 0, 'a seed is not a parent model');
  result = await step('more labels', { 'seeds/token_labels.csv': 'address,label\n0xa0b8,USDC\n0xdac1,USDT\n' });
  assert.deepEqual([result.compile?.mode, result.compile?.rendered], ['incremental', 1]);
  assert.deepEqual(changedFingerprints(), ['labelled'], 'the seed is in its readers\' content hash');
  result = await step('a model reading the reader, and the seed edited again', {
    'seeds/token_labels.csv': 'address,label\n0xa0b8,USDC\n',
    'models/marts/labelled_count.sql': "select count(*) as n from {{ ref('labelled') }}",
  });
  assert.deepEqual([result.compile?.mode, result.compile?.rendered], ['incremental', 2]);
  result = await step('the same rows again as another seed edit', { 'seeds/token_labels.csv': 'address,label\n0xa0b8,USDC\n0xdac1,USDT\n' });
  assert.deepEqual(changedFingerprints(), ['labelled', 'labelled_count'], 'a reader\'s children change through it');
  result = await step('no more seed', { 'seeds/token_labels.csv': null, 'models/marts/labelled.sql': null, 'models/marts/labelled_count.sql': null });
  assert.equal(result.compile?.mode, 'full');
});

test("a model added with a seed's name renders every model: a ref of that name read the seed and now reads the model", async () => {
  await step('a seed and a model reading it', {
    'seeds/token_labels.csv': 'address,label\n0xa0b8,USDC\n',
    'models/marts/labelled.sql': "select label from {{ ref('token_labels') }}",
  });
  let result = await step("a model of the seed's name", { 'models/reports/token_labels.sql': "{{ config(alias='token_label_names') }}\nselect 'x' as label" });
  assert.deepEqual([result.compile?.mode, result.compile?.reason], ['full', "model 'token_labels' was added with a seed's name (a ref of it now reads the model)"]);
  assert.deepEqual(currentModels().get('labelled')!.refs, ['token_labels'], 'it kept reading the seed (no parent), unlike a full compile');
  result = await step("no model of the seed's name", { 'models/reports/token_labels.sql': null });
  assert.deepEqual([result.compile?.mode, currentModels().get('labelled')!.refs], ['incremental', []]);
  await step('no more seed', { 'seeds/token_labels.csv': null, 'models/marts/labelled.sql': null });
});

test('a generate_schema_name macro added or changed renders every model (every schema comes from it)', async () => {
  const macro = (prefix: string) => `{% macro generate_schema_name(custom_schema_name, node) %}${prefix}{{ custom_schema_name or target.schema }}{% endmacro %}\n`;
  let result = await step('schema names', { 'macros/schema_names.sql': macro('') });
  assert.equal(result.compile?.mode, 'full');
  result = await step('prefixed schema names', { 'macros/schema_names.sql': macro('x_') });
  assert.deepEqual([result.compile?.mode, result.compile?.reason], ['full', 'the generate_schema_name macro changed']);
  assert.ok([...currentModels().values()].every((m) => String(m.config.schema_name).startsWith('x_')));
  result = await step('no more schema names', { 'macros/schema_names.sql': null });
  assert.equal(result.compile?.mode, 'full');
});

test('a generate_alias_name macro added or changed renders every model (every relation name comes from it)', async () => {
  const macro = (prefix: string) => `{% macro generate_alias_name(custom_alias_name=none, node=none) %}${prefix}{{ custom_alias_name or node.name }}{% endmacro %}\n`;
  let result = await step('alias names', { 'macros/alias_names.sql': macro('') });
  assert.equal(result.compile?.mode, 'full');
  assert.ok([...currentModels().values()].every((m) => m.config.alias_name === undefined), 'the default naming keeps no alias_name');
  result = await step('prefixed alias names', { 'macros/alias_names.sql': macro('x_') });
  assert.deepEqual([result.compile?.mode, result.compile?.reason], ['full', 'the generate_alias_name macro changed']);
  assert.ok([...currentModels().values()].every((m) => String(m.config.alias_name).startsWith('x_')));
  result = await step('no more alias names', { 'macros/alias_names.sql': null });
  assert.equal(result.compile?.mode, 'full');
});

test('a var generate_schema_name reads: a change of it renders the models again (their schemas come from it)', async () => {
  const settings = project.read('dbt_project.yml');
  const withSuffix = (suffix: string) => settings.replace('vars:\n', `vars:\n  schema_suffix: ${suffix}\n`);
  let result = await step('schema names with a suffix', {
    'dbt_project.yml': withSuffix('one'),
    'macros/schema_names.sql': "{% macro generate_schema_name(custom_schema_name, node) %}{{ target.schema }}_{{ var('schema_suffix') }}{% endmacro %}\n",
  });
  assert.equal(result.compile?.mode, 'full');
  result = await step('another suffix', { 'dbt_project.yml': withSuffix('two') });
  assert.equal(result.compile?.mode, 'incremental');
  assert.ok([...currentModels().values()].every((m) => String(m.config.schema_name).endsWith('_two')));
  assert.deepEqual(recorded.at(-1)!.manifest!.vars.schema_suffix, 'two');
  result = await step('no more suffix', { 'dbt_project.yml': settings, 'macros/schema_names.sql': null });
  assert.equal(result.compile?.mode, 'full');
});

test("a var a source's identifier reads (written in Jinja): a change of it renders the models reading the source", async () => {
  const settings = project.read('dbt_project.yml');
  const withVersion = (version: string) => settings.replace('vars:\n', `vars:\n  raw_version: '${version}'\n`);
  let result = await step('a versioned source', {
    'dbt_project.yml': withVersion('1'),
    'models/reports/versioned_sources.yml': `version: 2\nsources:\n  - name: archive\n    tables:\n      - name: transfers\n        identifier: "{{ 'transfers_v' ~ var('raw_version') }}"\n`,
    'models/reports/archived.sql': "select count(*) as n from {{ source('archive', 'transfers') }}",
  });
  assert.equal(result.compile?.mode, 'full');
  result = await step('the next version', { 'dbt_project.yml': withVersion('2') });
  assert.equal(result.compile?.mode, 'incremental');
  assert.deepEqual(changedFingerprints(), ['archived']);
  await step('no versioned source', { 'dbt_project.yml': settings, 'models/reports/versioned_sources.yml': null, 'models/reports/archived.sql': null });
});

test("a macro a source's identifier, a folder config or a property file's config calls (in Jinja): a change of it renders the models reading them", async () => {
  const settings = project.read('dbt_project.yml');
  const naming = (version: number) => `{% macro raw_name(name) %}{{ name }}_v${version}{% endmacro %}\n{% macro owner() %}team_${version}{% endmacro %}\n`;
  let result = await step('macros name a source table and owners', {
    'macros/naming.sql': naming(1),
    'dbt_project.yml': settings.replace('    marts:\n', '    marts:\n      +meta: {owner: "{{ owner() }} (marts)"}\n'),
    'models/reports/archive.yml': `version: 2
sources:
  - name: archive
    tables:
      - name: transfers
        identifier: "{{ raw_name('transfers') }}"
models:
  - name: scratch_counts
    config:
      meta: {owner: "{{ owner() }} (reports)"}
`,
    'models/reports/archived.sql': "select count(*) as n from {{ source('archive', 'transfers') }}",
    'models/reports/scratch_counts.sql': 'select 1 as n',
  });
  assert.equal(result.compile?.mode, 'full');
  result = await step('the next version', { 'macros/naming.sql': naming(2) });
  assert.equal(result.compile?.mode, 'incremental');
  assert.deepEqual(changedFingerprints(), ['archived'], 'meta is no data change');
  const models = currentModels();
  assert.equal(models.get('archived')!.contentHash !== previousModels().get('archived')!.contentHash, true);
  assert.deepEqual([models.get('fct_transfers')!.config.meta, models.get('scratch_counts')!.config.meta], [{ owner: 'team_2 (marts)' }, { owner: 'team_2 (reports)' }]);
  await step('no more naming macros', {
    'dbt_project.yml': settings, 'macros/naming.sql': null, 'models/reports/archive.yml': null, 'models/reports/archived.sql': null, 'models/reports/scratch_counts.sql': null,
  });
});

test("a new macro adapter.dispatch chooses over the one a model got renders that model again", async () => {
  await step('a dispatched macro', {
    'macros/formats.sql': "{% macro default__label() %}'default'{% endmacro %}\n",
    'models/reports/labelled.sql': "select {{ adapter.dispatch('label')() }} as label",
  });
  const result = await step("duckdb's own", { 'macros/duckdb_formats.sql': "{% macro duckdb__label() %}'duck'{% endmacro %}\n" });
  assert.equal(result.compile?.mode, 'incremental');
  assert.deepEqual(changedFingerprints(), ['labelled']);
  await step('no dispatched macro', { 'macros/formats.sql': null, 'macros/duckdb_formats.sql': null, 'models/reports/labelled.sql': null });
});

test('a macro added with a name an unchanged model tested (is defined, default, a call only when defined) renders that model again', async () => {
  await step('models testing names no macro has yet', {
    'models/reports/optional.sql': "select {% if shout is defined %}{{ shout('x') }}{% else %}'x'{% endif %} as label",
    'models/reports/namespaced.sql': "select {{ erc20_transfers.fallback_value is defined }} as has_fallback",
    'models/reports/defaulted.sql': "{% set f = fallback_value | default(none) %}select {{ f() if f else 0 }} as value",
    'models/reports/in_macro.sql': "select {{ maybe_loud() }} as label",
    'macros/maybe_loud.sql': "{% macro maybe_loud() %}{% if loud is defined %}'loud'{% else %}'quiet'{% endif %}{% endmacro %}\n",
  });
  const result = await step('the macros come', {
    'macros/shout.sql': "{% macro shout(x) %}upper('{{ x }}'){% endmacro %}\n{% macro fallback_value() %}1{% endmacro %}\n{% macro loud() %}'LOUD'{% endmacro %}\n",
  });
  assert.equal(result.compile?.mode, 'incremental');
  assert.deepEqual(changedFingerprints(), ['defaulted', 'in_macro', 'namespaced', 'optional']);
  assert.match(currentModels().get('optional')!.contentHash, /./);
  await step('the macros go', { 'macros/shout.sql': null });
  assert.deepEqual(changedFingerprints(), ['defaulted', 'in_macro', 'namespaced', 'optional']);
  await step('no more such models', {
    'models/reports/optional.sql': null, 'models/reports/namespaced.sql': null, 'models/reports/defaulted.sql': null, 'models/reports/in_macro.sql': null, 'macros/maybe_loud.sql': null,
  });
});

test('a new macro named as a template function (is_incremental) renders every model: it replaces the function wherever used', async () => {
  const result = await step('is_incremental replaced', { 'macros/always.sql': '{% macro is_incremental() %}{{ return(true) }}{% endmacro %}\n' });
  assert.deepEqual([result.compile?.mode, result.compile?.reason], ['full', "macro 'is_incremental', which replaces the template's own 'is_incremental', changed"]);
  await step('is_incremental back', { 'macros/always.sql': null });
});

test('a test with errors: the commit is not recorded, as compile and run refuse it (also when a model it reads goes)', async () => {
  let result = await step('a broken test', { 'tests/broken.sql': "select * from {{ ref('nowhere') }}" });
  assert.equal(result.inserted, false);
  assert.deepEqual(result.errors.map((e) => `${e.code} ${e.file}`), ['unknown-ref tests/broken.sql']);
  result = await step('a model and its test', {
    'tests/broken.sql': null,
    'models/reports/tested.sql': 'select 1 as n',
    'tests/tested_has_rows.sql': "select 1 from {{ ref('tested') }} having count(*) = 0",
  });
  assert.equal(result.inserted, true);
  result = await step('the tested model removed', { 'models/reports/tested.sql': null });
  assert.equal(result.inserted, false);
  assert.deepEqual(result.errors.map((e) => `${e.code} ${e.file}`), ['unknown-ref tests/tested_has_rows.sql']);
  result = await step('its test removed too', { 'tests/tested_has_rows.sql': null });
  assert.equal(result.inserted, true);
});

test('recording a commit again is a no-op', async () => {
  const again = await recordHead(incremental, project);
  assert.equal(again.inserted, false);
  assert.equal(again.alreadyRecorded, true);
  assert.equal(again.compile, null);
  assert.equal(again.manifest?.commit, recorded.at(-1)!.commit);
});

test('an ancestor recorded by another compiler revision is not reused: that recording renders every model', async () => {
  const store = await memoryStore();
  try {
    const ancestor = (await incremental.getManifest(REPO_KEY, recorded.at(-1)!.commit))!;
    const { models } = ancestor;
    const sql = await incremental.getModelSql(REPO_KEY, models.map((m) => m.definitionId));
    // As an amp-dbt that recorded no revision would have stored it.
    await store.saveManifest(REPO_KEY, { ...ancestor, compilerRevision: null, models: models.map((m) => ({ ...m, ...sql.get(m.definitionId) })) });
    project.commit('a comment', { 'models/marts/dim_tokens.sql': `-- counted\n${project.read('models/marts/dim_tokens.sql')}` });
    const result = await recordHead(store, project);
    assert.deepEqual([result.inserted, result.compile?.mode], [true, 'full']);
    assert.match(result.compile!.reason!, /^[0-9a-f]{12} was recorded by another amp-dbt compiler \(before compiler revisions; now revision \d+\)$/);
    assert.equal((await store.getManifest(REPO_KEY, result.commit))?.compilerRevision, COMPILER_REVISION);
    project.commit('another comment', { 'models/marts/dim_tokens.sql': `-- counted twice\n${project.read('models/marts/dim_tokens.sql')}` });
    assert.deepEqual((await recordHead(store, project)).compile?.mode, 'incremental');
  } finally {
    await store.close();
  }
});

test('a commit recorded by an older compiler revision is recorded again (its manifest replaced), once', async () => {
  const [fresh, store] = [await memoryStore(), await memoryStore()];
  try {
    const current = (await recordHead(fresh, project, { incremental: false })).manifest!;
    const sql = await fresh.getModelSql(REPO_KEY, current.models.map((m) => m.definitionId));
    // As an older amp-dbt (compiler revision 1) recorded it.
    await store.saveManifest(REPO_KEY, { ...current, compilerRevision: 1, models: current.models.map((m) => ({ ...m, ...sql.get(m.definitionId) })) });
    const again = await recordHead(store, project);
    assert.deepEqual([again.inserted, again.alreadyRecorded, again.replacedRevision, again.compile?.mode], [true, false, 1, 'full']);
    assert.equal((await store.getManifest(REPO_KEY, current.commit))?.compilerRevision, COMPILER_REVISION);
    assert.deepEqual(await storedManifest(store, current.commit), await storedManifest(fresh, current.commit));
    const third = await recordHead(store, project);
    assert.deepEqual([third.inserted, third.alreadyRecorded, third.replacedRevision], [false, true, undefined]);
  } finally {
    await Promise.all([fresh.close(), store.close()]);
  }
});
