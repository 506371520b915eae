import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempDir, writeTree } from '../helpers.js';

const dir = writeTree(tempDir(), {
  'dbt_project.yml': "name: g\nmodels:\n  g:\n    marts:\n      +materialized: table\n",
  'models/staging/stg_a.sql': 'select 1 as id',
  'models/staging/stg_b.sql': 'select 2 as id',
  'models/marts/joined.sql': "select * from {{ ref('stg_a') }} join {{ ref('stg_b') }} using (id)",
  'models/marts/final.sql': "{{ config(tags=['nightly']) }}select * from {{ ref('joined') }}",
});

test('list prints names in dependency order; selection and exclusion apply', () => {
  assert.equal(runCli(['list', '--project-dir', dir]).stdout, 'stg_a\nstg_b\njoined\nfinal\n');
  assert.equal(runCli(['list', '--project-dir', dir, '--select', '+joined', '--exclude', 'stg_b']).stdout, 'stg_a\njoined\n');
  assert.equal(runCli(['list', '--project-dir', dir, '--select', 'config.materialized:table,tag:nightly']).stdout, 'final\n');
  assert.equal(runCli(['list', '--project-dir', dir, '-s', 'path:models/staging', '--output', 'path']).stdout,
    'models/staging/stg_a.sql\nmodels/staging/stg_b.sql\n');
  assert.equal(runCli(['list', '--project-dir', dir, '-s', 'staging']).stdout, 'stg_a\nstg_b\n', 'a folder, as dbt selects it');
  const json = JSON.parse(runCli(['list', '--project-dir', dir, '--select', 'final', '--output', 'json']).stdout);
  assert.equal(json[0].name, 'final');
  assert.deepEqual(json[0].depends_on.models, ['joined']);
});

test("-m and --models, dbt's older spelling, are --select", () => {
  assert.equal(runCli(['list', '--project-dir', dir, '-m', 'stg_*']).stdout, 'stg_a\nstg_b\n');
  assert.equal(runCli(['list', '--project-dir', dir, '--models', 'final', 'file:joined.sql']).stdout, 'joined\nfinal\n');
  assert.equal(runCli(['list', '--project-dir', dir, '--models=fqn:g.marts.*', '--exclude', 'final']).stdout, 'joined\n');
});

test('a selector matching nothing warns with a suggestion', () => {
  const { code, stdout, stderr } = runCli(['list', '--project-dir', dir, '--select', 'stg_c']);
  assert.equal(code, 0);
  assert.equal(stdout, '');
  assert.match(stderr, /warning: .*stg_c.*did you mean/);
});

test('a source: selector naming a source or table the project does not declare warns so', () => {
  const withSources = writeTree(tempDir(), {
    'dbt_project.yml': 'name: g\n',
    'models/_sources.yml': 'sources:\n  - name: raw\n    tables:\n      - name: payments\n      - name: refunds\n',
    'models/pay.sql': "select * from {{ source('raw', 'payments') }}",
  });
  const { code, stdout, stderr } = runCli(['list', '--project-dir', withSources, '--select', 'source:raw.paymnts', 'source:raw.nope', 'source:rwa']);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, '');
  assert.deepEqual(stderr.trimEnd().split('\n'), [
    "warning: selector 'source:raw.paymnts' matched no models: source 'raw' has no table 'paymnts'; did you mean 'source:raw.payments'?",
    "warning: selector 'source:raw.nope' matched no models: source 'raw' has no table 'nope' (its tables: payments, refunds)",
    "warning: selector 'source:rwa' matched no models: there is no source 'rwa'; did you mean 'source:raw'?",
  ]);
});

test('graph prints mermaid, dot and json', () => {
  const mermaid = runCli(['graph', '--project-dir', dir]);
  assert.equal(mermaid.code, 0);
  assert.match(mermaid.stdout, /^(graph|flowchart) LR/);
  const dot = runCli(['graph', '--project-dir', dir, '--format', 'dot', '--select', 'joined+']);
  assert.match(dot.stdout, /^digraph/);
  assert.doesNotMatch(dot.stdout, /stg_a/);
  const json = JSON.parse(runCli(['graph', '--project-dir', dir, '--format', 'json']).stdout);
  assert.deepEqual(json.edges.map((e: { from: string; to: string }) => `${e.from}->${e.to}`).sort(),
    ['joined->final', 'stg_a->joined', 'stg_b->joined']);
});

test('a seed anchors graph operators: list --select countries+ lists the models reading the seed and below them', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: seeded\n',
    'seeds/countries.csv': 'code,name\nde,Germany\n',
    'models/stg_countries.sql': "select * from {{ ref('countries') }}",
    'models/regions.sql': "select code from {{ ref('stg_countries') }}",
    'models/other.sql': 'select 1 as n',
  });
  const listed = runCli(['list', '--select', 'countries+', '--project-dir', dir]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(listed.stdout.trim().split('\n'), ['stg_countries', 'regions']);
  assert.equal(listed.stderr, '');
  const alone = runCli(['list', '--select', 'countries', '--project-dir', dir]);
  assert.match(alone.stderr, /selector 'countries' names a seed, not a model: .*'countries\+' selects the models reading it/);
  // graph draws the seed and its edge, as it draws sources.
  const json = JSON.parse(runCli(['graph', '--format', 'json', '--project-dir', dir]).stdout) as { seeds: unknown };
  assert.deepEqual(json.seeds, [{ name: 'countries', children: ['stg_countries'] }]);
  const mermaid = runCli(['graph', '--project-dir', dir]).stdout;
  assert.match(mermaid, /\n {2}d_countries\[\/"countries"\/\]:::seed\n/);
  assert.match(mermaid, /\n {2}d_countries --> m_stg_countries\n/);
  assert.match(runCli(['graph', '--format', 'dot', '--project-dir', dir]).stdout, /"seed:countries" \[label="countries", shape=note\];[\s\S]*"seed:countries" -> "stg_countries";/);
});
