import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { environmentVersion, fingerprintVersion } from '../../core/amp/amp-naming.js';
import { arrowFields } from '../../core/amp/manifest/arrow-fields.js';
import { completeManifest, manifestDraft, schemaRequest } from '../../core/amp/manifest/build-manifest.js';
import type { ArrowField, ManifestDraft } from '../../core/amp/manifest/manifest-types.js';
import type { CompileResult } from '../../core/compile/compile-project.js';
import { compileForAmp } from '../../core/amp/compile-for-amp.js';
import { CompileError, Diagnostics } from '../../core/errors.js';
import { ampTarget, compileFiles, compileFixture } from '../helpers.js';

const SPEC = fileURLToPath(new URL('../../../core/amp/manifest/derived.spec.json', import.meta.url));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SPEC, 'utf8')) as object);

function assertValidManifest(manifest: unknown): void {
  assert.ok(validate(manifest), JSON.stringify(validate.errors, null, 2));
}

function draftOf(result: CompileResult, name: string, namespace = 'erc20'): ManifestDraft {
  const out = manifestDraft(result.byName.get(name)!, { namespace, models: result.byName, sources: result.sources });
  assert.deepEqual(out.errors.map((e) => e.message), []);
  return out.draft!;
}

/** Columns as POST /schema would infer them (the test only needs a plausible list). */
const fields: ArrowField[] = [{ name: '_block_num', type: 'UInt64', nullable: false }, { name: 'block_num', type: 'UInt64', nullable: false }];

test('the example\'s registrable models compile to manifests that satisfy derived.spec.json', () => {
  const { result, errors } = compileFixture('erc20_transfers', { target: ampTarget });
  assert.deepEqual(errors, []);
  for (const name of ['stg_blocks', 'stg_transfer_logs', 'int_transfers_decoded', 'fct_transfers']) {
    const manifest = completeManifest(draftOf(result!, name), fields);
    assertValidManifest(manifest);
    assert.deepEqual(Object.keys(manifest.tables), [name], 'one table, named after the model');
  }
});

test('dependencies: declared datasets keep their alias, sources are aliased by source name, parents are datasets at their fingerprint version', () => {
  const { result } = compileFixture('erc20_transfers', { target: ampTarget });
  const logs = draftOf(result!, 'stg_transfer_logs');
  assert.deepEqual(logs.dependencies, { eth: '_/eth_firehose@1.0.0' });
  assert.match(logs.sql, /from eth\.logs\b/);
  const blocks = draftOf(result!, 'stg_blocks');
  assert.deepEqual(blocks.dependencies, { eth_firehose: '_/eth_firehose@1.0.0' });
  assert.match(blocks.sql, /from eth_firehose\.blocks\b/);
  const decoded = draftOf(result!, 'int_transfers_decoded');
  const version = (name: string) => fingerprintVersion(result!.byName.get(name)!.fingerprint);
  assert.deepEqual(decoded.dependencies, {
    stg_blocks: `erc20/stg_blocks@${version('stg_blocks')}`,
    stg_transfer_logs: `erc20/stg_transfer_logs@${version('stg_transfer_logs')}`,
  });
  assert.deepEqual(decoded.parents, ['stg_blocks', 'stg_transfer_logs']);
  assert.match(decoded.sql, /from stg_transfer_logs\.stg_transfer_logs l\b/);
  assert.match(decoded.sql, /join stg_blocks\.stg_blocks b\b/);
  assert.equal(decoded.version, version('int_transfers_decoded'));
  assert.match(decoded.version, /^0\.0\.0-fp[0-9a-f]{12}$/);
  const fct = draftOf(result!, 'fct_transfers');
  assert.doesNotMatch(fct.sql, /max\(block_num\)/, 'the is_incremental() branch is not registered');
  assert.deepEqual(schemaRequest(fct), { dependencies: fct.dependencies, tables: { fct_transfers: fct.sql } });
});

test('the same model compiles to byte-equal manifests; a parent\'s new fingerprint changes the child\'s dependency', () => {
  const files = (where: string) => ({
    'dbt_project.yml': "name: p\nmodels:\n  p:\n    +dependencies:\n      eth: '_/eth_firehose@1.0.0'\n",
    'models/a.sql': `select block_num, address from {{ ref('eth') }}.logs where ${where}`,
    'models/b.sql': "select block_num from {{ ref('a') }}",
  });
  const one = compileFiles(files('block_num > 1'), { target: ampTarget }).result!;
  const again = compileFiles(files('block_num > 1'), { target: ampTarget }).result!;
  const changed = compileFiles(files('block_num > 2'), { target: ampTarget }).result!;
  assert.equal(JSON.stringify(completeManifest(draftOf(one, 'b'), fields)), JSON.stringify(completeManifest(draftOf(again, 'b'), fields)));
  assert.notEqual(draftOf(one, 'b').dependencies.a, draftOf(changed, 'b').dependencies.a);
});

test('ephemeral parents are inlined as CTEs; their datasets become dependencies', () => {
  const { result } = compileFiles({
    'dbt_project.yml': "name: p\nmodels:\n  p:\n    +dependencies:\n      eth: '_/eth_firehose@1.0.0'\n",
    'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect block_num, address from {{ ref('eth') }}.logs",
    'models/reg.sql': "with recent as (select * from {{ ref('eph') }} where block_num > 5)\nselect * from recent",
  }, { target: ampTarget });
  const draft = draftOf(result!, 'reg');
  assert.deepEqual(draft.dependencies, { eth: '_/eth_firehose@1.0.0' });
  assert.equal(draft.sql, 'WITH eph AS (\nselect block_num, address from eth.logs\n),\nrecent as (select * from eph where block_num > 5)\nselect * from recent');
  assertValidManifest(completeManifest(draft, fields));
});

test('models that cannot be registered are compile errors with a location', () => {
  const { result } = compileFiles({
    'dbt_project.yml': "name: p\nmodels:\n  p:\n    +dependencies:\n      eth: '_/eth_firehose@1.0.0'\n",
    'models/adhoc.sql': "{{ config(register=false) }}\nselect * from {{ ref('eth') }}.logs",
    'models/child.sql': "select * from {{ ref('adhoc') }}",
    'models/Upper.sql': "select * from {{ ref('eth') }}.logs",
    'models/local.sql': "select * from {{ source('raw', 'orders') }}",
    'models/_sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables: [{name: orders}]\n',
  }, { target: ampTarget });
  const errors = (name: string) => manifestDraft(result!.byName.get(name)!, { namespace: 'erc20', models: result!.byName, sources: result!.sources }).errors;
  const [child] = errors('child');
  assert.equal(child.code, 'unregistered-parent');
  assert.equal(child.location?.file, 'models/child.sql');
  assert.match(child.hint!, /register 'adhoc', make it ephemeral, or set register: false on 'child'/);
  assert.equal(errors('Upper')[0].code, 'invalid-amp-name');
  assert.equal(errors('local')[0].code, 'source-not-on-amp');
});

test("a CTE named like a model inlined into it is an error at the CTE in the model's file, not at line 1", () => {
  const { result } = compileFiles({
    'dbt_project.yml': "name: p\nmodels:\n  p:\n    +dependencies:\n      eth: '_/eth_firehose@1.0.0'\n",
    'models/base_logs.sql': "{{ config(materialized='ephemeral') }}\nselect block_num, address from {{ ref('eth') }}.logs\n",
    'models/child.sql': "-- a model with CTEs\n{{ config(materialized='table') }}\n\nwith\n  first_cte as (select 1 as x),\n  \"Base_Logs\" as (\n    select * from {{ ref('base_logs') }}\n  )\nselect block_num from \"Base_Logs\"\n",
  }, { target: ampTarget });
  const diagnostics = new Diagnostics();
  compileForAmp(result!, ['child'], diagnostics);
  const [registered] = diagnostics.sorted();
  assert.deepEqual([registered.code, registered.file, registered.line, registered.column], ['cte-name-conflict', 'models/child.sql', 6, 3]);
  assert.match(registered.message, /CTE 'Base_Logs' of 'child' has the name of a model inlined into it/);
  // The ad-hoc SQL (compile --target amp) inlines it too: the same place.
  const thrown = (() => { try { result!.targetSql('child'); } catch (error) { return error; } })();
  assert.ok(thrown instanceof CompileError);
  assert.deepEqual([thrown.code, thrown.location], ['cte-name-conflict', { file: 'models/child.sql', line: 6, column: 3 }]);
});

test('POST /schema answers are read in each shape Amp uses', () => {
  const arrow = { arrow: { fields: [{ name: 'x', type: 'Int64', nullable: true }] } };
  for (const entry of [arrow, { schema: arrow, networks: ['mainnet'] }, { fields: arrow.arrow.fields }]) {
    assert.deepEqual(arrowFields({ t: entry }, 't'), [{ name: 'x', type: 'Int64', nullable: true }]);
  }
  assert.throws(() => arrowFields({}, 't'), /no schema for table 't'/);
});

test('environment tags are semantic versions when the name allows it', () => {
  assert.equal(environmentVersion('prod'), '0.0.0-env.prod');
  assert.equal(environmentVersion('pr-12'), '0.0.0-env.pr-12');
  assert.equal(environmentVersion('dev_alice'), null);
  assert.equal(environmentVersion('v.01'), null, 'a numeric identifier may not have a leading zero');
});

test("a registered model's SQL reads this.identifier, this.schema and ref('m').schema as the names its dataset uses, and naming itself is no self-reference", () => {
  const { result, errors } = compileFiles({
    'dbt_project.yml': "name: p\nmodels:\n  p:\n    +dependencies:\n      eth: '_/eth_firehose@1.0.0'\n",
    'models/a.sql': "select block_num from {{ ref('eth') }}.logs",
    'models/b.sql': "select block_num, '{{ this.schema }}.{{ this.identifier }}' as me from {{ ref('a').schema }}.{{ ref('a').identifier }}",
  }, { target: ampTarget });
  assert.deepEqual(errors, []);
  const draft = draftOf(result!, 'b');
  assert.equal(draft.sql, "select block_num, 'erc20.b' as me from a.a");
  assert.deepEqual(Object.keys(draft.dependencies), ['a'], "ref('a').schema makes 'a' a dependency, as ref('a') does");
});
