import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SelectionError } from '../../core/errors.js';
import { ModelGraph } from '../../core/graph/model-graph.js';
import { selectModels, type SelectOptions } from '../../core/graph/select.js';
import { model, warehouse } from './graph-fixture.js';

const graph = warehouse();
const select = (...args: string[]) => selectModels(graph, { select: args }).selected;
const sorted = (names: string[]) => [...names].sort();

test('no selector selects everything, in topological order', () => {
  const all = graph.topologicalOrder();
  assert.deepEqual(selectModels(graph, {}), { selected: all, sources: ['erc20.transfers', 'eth.blocks', 'eth.logs'], warnings: [] });
  assert.deepEqual(selectModels(graph, { select: [] }).selected, all);
});

test('exact names and globs', () => {
  assert.deepEqual(select('fct_volume'), ['fct_volume']);
  assert.deepEqual(select('stg_*'), ['stg_blocks', 'stg_logs', 'stg_transfers']);
  assert.deepEqual(select('fct_?o*'), ['fct_logs', 'fct_volume']);
  assert.deepEqual(select('[df]*_[tv]*'), ['dim_tokens', 'fct_volume']);
  assert.deepEqual(select('stg_[!l]*'), ['stg_blocks', 'stg_transfers']);
});

test("fully qualified names, as dbt's default method: a folder, the project, dotted paths, wildcards", () => {
  assert.deepEqual(sorted(select('staging')), ['stg_blocks', 'stg_logs', 'stg_transfers'], 'a folder, sub-folders included');
  assert.deepEqual(select('staging.erc20'), ['stg_transfers']);
  assert.deepEqual(select('wh.staging.stg_logs'), ['stg_logs']);
  assert.deepEqual(select('staging.stg_logs'), ['stg_logs'], 'without the project name');
  assert.deepEqual(sorted(select('wh.marts')), ['dim_tokens', 'fct_logs', 'fct_volume']);
  assert.deepEqual(sorted(select('marts.fct_*')), ['fct_logs', 'fct_volume']);
  assert.deepEqual(sorted(select('wh.*')), sorted(graph.names()));
  assert.deepEqual(select('stag'), [], 'a part matches whole');
  assert.deepEqual(sorted(select('staging+1')), ['fct_logs', 'int_transfers_enriched', 'stg_blocks', 'stg_logs', 'stg_transfers', 'dim_tokens'].sort());
});

test("fqn:, file:, resource_type: and package:, dbt's explicit methods", () => {
  assert.deepEqual(sorted(select('fqn:staging')), ['stg_blocks', 'stg_logs', 'stg_transfers']);
  assert.deepEqual(select('fqn:wh.staging.stg_logs'), ['stg_logs']);
  assert.deepEqual(select('fqn:stg_logs'), ['stg_logs'], 'as in dbt, a single part naming the model matches the last part of its fqn');
  assert.deepEqual(select('file:stg_logs.sql'), ['stg_logs']);
  assert.deepEqual(select('file:stg_logs'), ['stg_logs']);
  assert.deepEqual(sorted(select('file:fct_*.sql')), ['fct_logs', 'fct_volume']);
  assert.deepEqual(sorted(select('resource_type:model')), sorted(graph.names()));
  assert.deepEqual(select('resource_type:seed'), []);
  assert.throws(() => select('resource_type:modle'), (error: SelectionError) => error.code === 'invalid-selector' && /unknown resource type 'modle'/.test(error.message));
  assert.deepEqual(sorted(select('package:wh')), sorted(graph.names()), "package: is the project's own (no packages are installed)");
  assert.deepEqual(selectModels(graph, { select: ['package:dbt_utils'] }).warnings, ["selector 'package:dbt_utils' matched no models"]);
});

test('path: folders, files with and without .sql, globs, and plain paths', () => {
  assert.deepEqual(sorted(select('path:models/staging')), ['stg_blocks', 'stg_logs', 'stg_transfers']);
  assert.deepEqual(select('path:models/staging/'), select('path:models/staging'));
  assert.deepEqual(select('path:./models/staging/erc20'), ['stg_transfers']);
  assert.deepEqual(select('path:models/marts/fct_logs.sql'), ['fct_logs']);
  assert.deepEqual(select('path:models/marts/fct_logs'), ['fct_logs']);
  assert.deepEqual(select('path:models/mart'), [], 'a folder prefix must end at a slash');
  assert.deepEqual(sorted(select('path:models/*/fct_*')), ['fct_logs', 'fct_volume']);
  assert.deepEqual(sorted(select('path:models/rep*')), ['report_daily']);
  assert.deepEqual(select('models/reports'), ['report_daily'], 'a value with a slash is a path');
  assert.deepEqual(select('models/marts/dim_tokens.sql'), ['dim_tokens']);
});

test('tag: with globs', () => {
  assert.deepEqual(sorted(select('tag:daily')), ['fct_volume', 'report_daily']);
  assert.deepEqual(sorted(select('tag:*ly')), ['fct_logs', 'fct_volume', 'report_daily']);
  assert.deepEqual(select('tag:erc20'), ['stg_transfers']);
});

test('config.<key>: compares string forms (booleans in any case; enabled is true unless set); lists match by membership', () => {
  assert.deepEqual(sorted(select('config.materialized:table')), ['dim_tokens', 'fct_volume']);
  assert.deepEqual(select('config.materialized:incr*'), ['fct_logs']);
  assert.deepEqual(sorted(select('config.schema:marts')), ['fct_logs', 'fct_volume']);
  assert.deepEqual(select('config.unique_key:token'), ['fct_volume']);
  // Every model in the graph is enabled, whether its config says so or not (dbt's default); booleans in any case.
  assert.equal(select('config.enabled:true').length, select('resource_type:model').length);
  assert.deepEqual(select('config.enabled:True'), select('config.enabled:true'));
  assert.deepEqual(select('config.enabled:false'), []);
  assert.deepEqual(select('config.meta.owner:data'), ['fct_logs']);
  assert.deepEqual(select('config.tags:erc20'), ['stg_transfers']);
});

test('source: a whole source or one table', () => {
  assert.deepEqual(select('source:eth'), ['stg_blocks', 'stg_logs']);
  assert.deepEqual(select('source:eth.logs'), ['stg_logs']);
  assert.deepEqual(select('source:erc*'), ['stg_transfers']);
  assert.deepEqual(select('source:eth.logs+'), ['stg_logs', 'fct_logs']);
});

test('graph operators: +m, m+, depths, +m+ and @m', () => {
  assert.deepEqual(select('+fct_volume'), ['stg_blocks', 'stg_transfers', 'int_transfers_enriched', 'fct_volume']);
  assert.deepEqual(select('stg_transfers+'), ['stg_transfers', 'dim_tokens', 'int_transfers_enriched', 'fct_volume', 'report_daily']);
  assert.deepEqual(select('1+fct_volume'), ['int_transfers_enriched', 'fct_volume']);
  assert.deepEqual(select('2+report_daily'), ['stg_transfers', 'dim_tokens', 'int_transfers_enriched', 'fct_volume', 'report_daily']);
  assert.deepEqual(select('stg_transfers+1'), ['stg_transfers', 'dim_tokens', 'int_transfers_enriched']);
  assert.deepEqual(select('0+fct_volume+0'), ['fct_volume']);
  assert.deepEqual(select('+int_transfers_enriched+'), ['stg_blocks', 'stg_transfers', 'int_transfers_enriched', 'fct_volume', 'report_daily']);
  assert.deepEqual(select('1+int_transfers_enriched+1'), ['stg_blocks', 'stg_transfers', 'int_transfers_enriched', 'fct_volume']);
  // @stg_logs: stg_logs, its descendant fct_logs, and fct_logs' other parent stg_blocks.
  assert.deepEqual(select('@stg_logs'), ['stg_blocks', 'stg_logs', 'fct_logs']);
  assert.deepEqual(select('+tag:hourly'), ['stg_blocks', 'stg_logs', 'fct_logs']);
});

test('unions: spaces inside an argument and several arguments', () => {
  assert.deepEqual(select('fct_logs dim_tokens'), ['fct_logs', 'dim_tokens']);
  assert.deepEqual(select('fct_logs', 'dim_tokens'), ['fct_logs', 'dim_tokens']);
  assert.deepEqual(select('  tag:daily   fct_logs '), ['fct_logs', 'fct_volume', 'report_daily']);
  assert.deepEqual(select('stg_logs+ stg_logs'), ['stg_logs', 'fct_logs']);
});

test('intersections: comma-joined parts', () => {
  assert.deepEqual(select('tag:staging,source:eth'), ['stg_blocks', 'stg_logs']);
  assert.deepEqual(select('+report_daily,config.materialized:table'), ['dim_tokens', 'fct_volume']);
  assert.deepEqual(select('stg_blocks+,stg_logs+'), ['fct_logs']);
  assert.deepEqual(select('tag:daily,path:models/reports fct_logs'), ['fct_logs', 'report_daily']);
});

test('exclude uses the same grammar and wins over select', () => {
  const run = (options: SelectOptions) => selectModels(graph, options).selected;
  assert.deepEqual(run({ select: ['stg_transfers+'], exclude: ['report_daily'] }), ['stg_transfers', 'dim_tokens', 'int_transfers_enriched', 'fct_volume']);
  assert.deepEqual(run({ exclude: ['tag:staging fct_*'] }), ['dim_tokens', 'int_transfers_enriched', 'report_daily']);
  assert.deepEqual(run({ select: ['path:models/marts'], exclude: ['config.materialized:incremental,tag:hourly'] }), ['dim_tokens', 'fct_volume']);
  assert.deepEqual(run({ exclude: ['+fct_volume+', 'source:eth'] }), ['fct_logs', 'dim_tokens']);
});

test('state: selectors use the sets passed in', () => {
  const state = { modified: ['stg_blocks', 'gone'], new: ['dim_tokens'] };
  assert.deepEqual(selectModels(graph, { select: ['state:modified+'], state }).selected, ['stg_blocks', 'fct_logs', 'int_transfers_enriched', 'fct_volume', 'report_daily']);
  assert.deepEqual(selectModels(graph, { select: ['state:new'], state }).selected, ['dim_tokens']);
  assert.throws(() => selectModels(graph, { select: ['state:modified'] }), /needs another environment/);
  assert.throws(() => selectModels(graph, { select: ['state:changed'], state }), (error: unknown) =>
    error instanceof SelectionError && error.hint === 'supported state selectors: state:modified, state:new');
});

test('selectors that match nothing warn, with did-you-mean', () => {
  assert.deepEqual(selectModels(graph, { select: ['stg_transfer', 'fct_logs'] }), {
    selected: ['fct_logs'],
    sources: [],
    warnings: ["selector 'stg_transfer' matched no models; did you mean 'stg_transfers'?"],
  });
  const warn = (options: SelectOptions) => selectModels(graph, options).warnings;
  assert.deepEqual(warn({ select: ['+stg_transfer+'] }), ["selector '+stg_transfer+' matched no models; did you mean 'stg_transfers'?"]);
  assert.deepEqual(warn({ select: ['tag:dialy'] }), ["selector 'tag:dialy' matched no models; did you mean 'tag:daily'?"]);
  assert.deepEqual(warn({ select: ['config.materialized:tabel'] }), ["selector 'config.materialized:tabel' matched no models; did you mean 'config.materialized:table'?"]);
  assert.deepEqual(warn({ select: ['source:ehh'] }), ["selector 'source:ehh' matched no models; did you mean 'source:eth'?"]);
  // A config key no model has, a dotted path through the folders, a file name: each suggested as written.
  assert.deepEqual(warn({ select: ['config.materialzed:table'] }), ["selector 'config.materialzed:table' matched no models; did you mean 'config.materialized:table'?"]);
  assert.deepEqual(warn({ select: ['staging.stg_logz'] }), ["selector 'staging.stg_logz' matched no models; did you mean 'staging.stg_logs'?"]);
  assert.deepEqual(warn({ select: ['file:stg_logz.sql'] }), ["selector 'file:stg_logz.sql' matched no models; did you mean 'file:stg_logs.sql'?"]);
  assert.deepEqual(warn({ select: ['nothing_like_it_at_all', 'zzz_*'] }), [
    "selector 'nothing_like_it_at_all' matched no models",
    "selector 'zzz_*' matched no models",
  ]);
  assert.deepEqual(warn({ select: ['tag:hourly,tag:daily'] }), ["selector 'tag:hourly,tag:daily' matched no models"]);
  assert.deepEqual(warn({ select: ['fct_logs'], exclude: ['fct_log'] }), ["selector 'fct_log' matched no models; did you mean 'fct_logs'?"]);
  assert.deepEqual(warn({ select: ['fct_logs fct_logs'] }), []);
  const notInGraph = new Map([['stg_transfer', 'failed'], ['token_list', 'seed']] as const);
  assert.deepEqual(warn({ select: ['stg_transfer', 'token_list+'], notInGraph }), [
    "selector 'token_list+' names seed 'token_list', which no model reads",
  ], 'a model file that did not compile has its error already: no did-you-mean pointing elsewhere');
});

test('a seed anchors graph operators as in dbt: seed+ selects the models reading it and what is below them', () => {
  const notInGraph = new Map([['token_list', 'seed'], ['unread', 'seed']] as const);
  const seedReaders = new Map([['token_list', ['stg_transfers']], ['unread', []]]);
  const pick = (...selectors: string[]) => selectModels(graph, { select: selectors, notInGraph, seedReaders });
  assert.deepEqual(pick('token_list+'), { selected: select('stg_transfers+'), sources: [], warnings: [] });
  assert.deepEqual(pick('token_list+1').selected, ['stg_transfers']);
  assert.deepEqual(pick('@token_list').selected, select('@stg_transfers'));
  assert.deepEqual(pick('token_list+,tag:daily').selected, select('stg_transfers+,tag:daily'));
  assert.deepEqual(selectModels(graph, { select: ['fct_logs'], exclude: ['token_list+'], notInGraph, seedReaders }).selected,
    select('fct_logs').filter((name) => !select('stg_transfers+').includes(name)));
  assert.deepEqual(pick('token_list').warnings, [
    "selector 'token_list' names a seed, not a model: seeds are loaded by 'amp-dbt seed' (which takes --select too); 'token_list+' selects the models reading it",
  ]);
  assert.deepEqual(pick('unread+').warnings, ["selector 'unread+' names seed 'unread', which no model reads"]);
  assert.deepEqual(pick('+token_list').selected, [], 'a seed has no parents');
});

/** Declared source tables of the warehouse graph: eth.traces and erc20.approvals are read by no model. */
const declared = [
  { key: 'eth.blocks', tags: ['chain'] },
  { key: 'eth.logs', tags: ['chain', 'events'] },
  { key: 'eth.traces', tags: ['chain'] },
  { key: 'erc20.transfers', tags: ['daily'] },
  { key: 'erc20.approvals', tags: [] },
];

test('a source: selector naming an undeclared source or table says so, with the nearest declared name', () => {
  const warn = (...selectors: string[]) => selectModels(graph, { select: selectors, sources: declared }).warnings;
  assert.deepEqual(warn('source:eth.nope'), ["selector 'source:eth.nope' matched no models: source 'eth' has no table 'nope' (its tables: blocks, logs, traces)"]);
  assert.deepEqual(warn('source:eth.lgos+'), ["selector 'source:eth.lgos+' matched no models: source 'eth' has no table 'lgos'; did you mean 'source:eth.logs'?"]);
  assert.deepEqual(warn('source:eht'), ["selector 'source:eht' matched no models: there is no source 'eht'; did you mean 'source:eth'?"]);
  assert.deepEqual(warn('source:eht.logs'), ["selector 'source:eht.logs' matched no models: there is no source 'eht'; did you mean 'source:eth.logs'?"]);
  assert.deepEqual(warn('source:eht.nope'), ["selector 'source:eht.nope' matched no models: there is no source 'eht'; did you mean 'source:eth'?"]);
  assert.deepEqual(warn('source:polygon'), ["selector 'source:polygon' matched no models: there is no source 'polygon'"]);
  assert.deepEqual(warn('source:eth.x*'), ["selector 'source:eth.x*' matched no models: source 'eth' has no table matching 'x*' (its tables: blocks, logs, traces)"]);
  assert.deepEqual(warn('source:pol*'), ["selector 'source:pol*' matched no models"]);
  assert.deepEqual(selectModels(new ModelGraph([model('a')]), { select: ['source:eth.nope'], sources: [] }).warnings, [
    "selector 'source:eth.nope' matched no models: there is no source 'eth' (the project declares no sources)",
  ]);
  assert.deepEqual(selectModels(graph, { exclude: ['source:eth.lgos'], sources: declared }).warnings, [
    "selector 'source:eth.lgos' matched no models: source 'eth' has no table 'lgos'; did you mean 'source:eth.logs'?",
  ], 'in --exclude too');
});

test("source tables are nodes: source: and tag: (the table's and its source's tags) select them, + walks from and to them", () => {
  const pick = (select: string[], exclude?: string[]) => {
    const { selected, sources } = selectModels(graph, { select, exclude, sources: declared });
    return { models: sorted(selected), sources };
  };
  assert.deepEqual(pick(['tag:chain']), { models: [], sources: ['eth.blocks', 'eth.logs', 'eth.traces'] }, 'as in dbt, the tag selects the tables, not the models reading them');
  assert.deepEqual(pick(['tag:chain+']).models, sorted(['stg_blocks', 'stg_logs', 'fct_logs', 'int_transfers_enriched', 'fct_volume', 'report_daily']));
  assert.deepEqual(pick(['tag:events+1']), { models: ['stg_logs'], sources: ['eth.logs'] }, 'the models reading a table are one step from it');
  assert.deepEqual(pick(['tag:events+2']).models, ['fct_logs', 'stg_logs']);
  assert.deepEqual(pick(['tag:daily']), { models: ['fct_volume', 'report_daily'], sources: ['erc20.transfers'] }, 'models and tables of one tag');
  assert.deepEqual(pick(['source:eth']), { models: ['stg_blocks', 'stg_logs'], sources: ['eth.blocks', 'eth.logs', 'eth.traces'] }, 'source: also selects the models reading it, as always');
  assert.deepEqual(pick(['+fct_logs']).sources, ['eth.blocks', 'eth.logs'], 'the tables models upstream read');
  assert.deepEqual(pick(['1+fct_logs']).sources, [], 'the tables are two steps up');
  assert.deepEqual(pick(['2+fct_logs']).sources, ['eth.blocks', 'eth.logs']);
  assert.deepEqual(pick(['@stg_logs']), { models: ['fct_logs', 'stg_blocks', 'stg_logs'], sources: ['eth.blocks', 'eth.logs'] });
  assert.deepEqual(pick(['tag:events,source:eth']), { models: [], sources: ['eth.logs'] });
  assert.deepEqual(pick(['tag:chain'], ['source:eth.traces']).sources, ['eth.blocks', 'eth.logs']);
  assert.deepEqual(pick([], ['tag:chain']), { models: sorted(graph.names()), sources: ['erc20.approvals', 'erc20.transfers'] }, 'without --select, every table not excluded');
  assert.deepEqual(pick(['fct_logs']).sources, []);
  assert.deepEqual(pick(['resource_type:source']), { models: [], sources: ['erc20.approvals', 'erc20.transfers', 'eth.blocks', 'eth.logs', 'eth.traces'] }, 'as in dbt, every source table');
  assert.deepEqual(pick(['resource_type:source+1']).models, ['stg_blocks', 'stg_logs', 'stg_transfers'], 'and + walks to the models reading them');
  assert.deepEqual(pick(['resource_type:model']).sources, [], 'models only');
  assert.deepEqual(selectModels(graph, { select: ['source:eth'] }).sources, ['eth.blocks', 'eth.logs'], 'without declared tables, those models read');
});

test('a selector matching source tables and no model warns, unless the command acts on source tables', () => {
  const warn = (selectsSources: boolean, ...selectors: string[]) => selectModels(graph, { select: selectors, sources: declared, selectsSources }).warnings;
  assert.deepEqual(warn(false, 'tag:chain'), ["selector 'tag:chain' matched no models, only source tables eth.blocks, eth.logs, eth.traces: 'tag:chain+' selects the models reading them"]);
  assert.deepEqual(warn(false, 'source:eth.traces', 'source:erc20.approvals'), [
    "selector 'source:eth.traces' matched no models, only source table eth.traces, which no model reads",
    "selector 'source:erc20.approvals' matched no models, only source table erc20.approvals, which no model reads",
  ]);
  assert.deepEqual(warn(false, 'tag:chain,tag:events'), ["selector 'tag:chain,tag:events' matched no models, only source table eth.logs"]);
  assert.deepEqual(warn(false, 'tag:chian'), ["selector 'tag:chian' matched no models; did you mean 'tag:chain'?"], "the tables' tags are suggested too");
  assert.deepEqual(warn(false, 'resource_type:source'), ["selector 'resource_type:source' matched no models, only source tables erc20.approvals, erc20.transfers, eth.blocks, eth.logs, eth.traces: 'resource_type:source+' selects the models reading them"]);
  assert.deepEqual(warn(true, 'tag:chain', 'source:eth.traces'), []);
  assert.deepEqual(selectModels(graph, { select: ['tag:chain+'], exclude: ['tag:chain'], sources: declared }).warnings, [],
    'an --exclude of source tables leaves their readers selected: no advice to add +');
  assert.deepEqual(warn(true, 'tag:chian'), ["selector 'tag:chian' matched no models; did you mean 'tag:chain'?"]);
});

test('malformed selectors throw SelectionError with a hint listing the methods', () => {
  const invalid = (selector: string, message: RegExp) =>
    assert.throws(() => selectModels(graph, { select: [selector] }), (error: unknown) => {
      assert.ok(error instanceof SelectionError, String(error));
      assert.equal(error.code, 'invalid-selector');
      assert.match(error.message, message);
      assert.match(error.hint ?? '', /path:.*tag:.*config\.materialized:table.*source:.*@m/);
      return true;
    });
  invalid('tag:', /selector 'tag:' has no value after 'tag:'/);
  invalid('colour:red', /unknown selector method 'colour' in 'colour:red'/);
  invalid('tags:daily', /unknown selector method 'tags'.*did you mean 'tag'\?/);
  invalid('config:table', /needs a config key/);
  invalid('++fct_logs', /malformed selector '\+\+fct_logs'/);
  invalid('fct_logs++', /malformed selector/);
  invalid('+', /malformed selector '\+'/);
  invalid('@', /malformed selector/);
  invalid('@+fct_logs', /'@' with a '\+' prefix/);
  invalid('a,,b', /empty part/);
  invalid('fct_logs,', /empty part/);
  assert.throws(() => selectModels(graph, { select: ['fct_logs'], exclude: ['tag:'] }), SelectionError);
});

test('selection on a 10,000-model graph', () => {
  const nodes = Array.from({ length: 10_000 }, (_, i) => model(`m${i}`, i === 0 ? [] : [`m${Math.floor(i / 2)}`], { tags: [`t${i % 10}`] }));
  const big = new ModelGraph(nodes);
  const result = selectModels(big, { select: ['@m1', 'tag:t3,m1*', '+m9999', 'm999+2'], exclude: ['m99999'] });
  assert.equal(result.selected.length, 10_000);
  assert.deepEqual(result.warnings, ["selector 'm99999' matched no models; did you mean 'm9999'?"]);
});

test('selection still works when the graph has a cycle', () => {
  const cyclic = new ModelGraph([model('a', ['b']), model('b', ['a']), model('c', ['a'])]);
  assert.deepEqual(selectModels(cyclic, { select: ['c+', '+c'] }).selected, ['a', 'b', 'c']);
});
