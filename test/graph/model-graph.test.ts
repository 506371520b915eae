import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompileError } from '../../core/errors.js';
import { ModelGraph } from '../../core/graph/model-graph.js';
import { model, seededRandom, warehouse } from './graph-fixture.js';

test('names, parents and children are sorted; unknown and repeated parents are ignored', () => {
  const graph = new ModelGraph([model('c', ['b', 'a', 'a', 'missing']), model('b'), model('a')]);
  assert.deepEqual(graph.names(), ['a', 'b', 'c']);
  assert.deepEqual(graph.parents('c'), ['a', 'b']);
  assert.deepEqual(graph.children('a'), ['c']);
  assert.deepEqual(graph.parents('nope'), []);
  assert.equal(graph.node('b')?.path, 'models/b.sql');
  assert.equal(graph.node('nope'), undefined);
  assert.equal(graph.size, 3);
});

test('ancestors and descendants, with and without depth', () => {
  const graph = warehouse();
  assert.deepEqual(graph.ancestors('report_daily'), ['dim_tokens', 'fct_volume', 'int_transfers_enriched', 'stg_blocks', 'stg_transfers']);
  assert.deepEqual(graph.ancestors('report_daily', 1), ['dim_tokens', 'fct_volume']);
  assert.deepEqual(graph.ancestors('report_daily', 2), ['dim_tokens', 'fct_volume', 'int_transfers_enriched', 'stg_transfers']);
  assert.deepEqual(graph.descendants('stg_transfers'), ['dim_tokens', 'fct_volume', 'int_transfers_enriched', 'report_daily']);
  assert.deepEqual(graph.descendants('stg_transfers', 1), ['dim_tokens', 'int_transfers_enriched']);
  assert.deepEqual(graph.descendants('report_daily'), []);
  assert.deepEqual(graph.ancestors('stg_logs', 0), []);
});

test('topological order puts parents first and breaks ties by name', () => {
  assert.deepEqual(warehouse().topologicalOrder(), [
    'stg_blocks', 'stg_logs', 'fct_logs', 'stg_transfers', 'dim_tokens', 'int_transfers_enriched', 'fct_volume', 'report_daily',
  ]);
  const independent = new ModelGraph([model('zeta'), model('alpha'), model('Beta'), model('mid', ['zeta'])]);
  assert.deepEqual(independent.topologicalOrder(), ['Beta', 'alpha', 'zeta', 'mid']);
  assert.deepEqual(new ModelGraph([]).topologicalOrder(), []);
});

test('topological order does not depend on the input order', () => {
  const nodes = [model('d', ['b', 'c']), model('c', ['a']), model('b', ['a']), model('a'), model('e')];
  const expected = ['a', 'b', 'c', 'd', 'e'];
  assert.deepEqual(new ModelGraph(nodes).topologicalOrder(), expected);
  assert.deepEqual(new ModelGraph([...nodes].reverse()).topologicalOrder(), expected);
});

test('topological order with cycles keeps each cycle together and respects every other edge', () => {
  // ok -> {a <-> b} -> down; self-loop s -> t; x and z independent.
  const graph = new ModelGraph([
    model('z'), model('down', ['b']), model('b', ['a']), model('a', ['b', 'ok']), model('ok'),
    model('s', ['s']), model('t', ['s']), model('x'),
  ]);
  assert.deepEqual(graph.topologicalOrder(), ['ok', 'a', 'b', 'down', 's', 't', 'x', 'z']);
  assert.deepEqual(graph.findCycles(), [['a', 'b'], ['s']]);
});

test('a model defined twice is a compile error', () => {
  assert.throws(() => new ModelGraph([model('a'), model('a', [], { path: 'models/other/a.sql' })]), (error: unknown) => {
    assert.ok(error instanceof CompileError);
    assert.equal(error.code, 'duplicate-model');
    assert.match(error.message, /model 'a' is defined twice/);
    return true;
  });
});

test('topological order of a 10,000-model random graph respects every edge', () => {
  const random = seededRandom(20240601);
  const count = 10_000;
  const names = Array.from({ length: count }, (_, i) => `m${String(Math.floor(random() * 1e9)).padStart(9, '0')}_${i}`);
  // Parents are always earlier in `names`, so the graph is acyclic; fan-in up to 15.
  const nodes = names.map((name, i) => {
    const parents = i === 0 ? [] : Array.from({ length: Math.floor(random() * 16) }, () => names[Math.floor(random() * i)]);
    return model(name, parents);
  });
  const graph = new ModelGraph(nodes);
  const order = graph.topologicalOrder();
  assert.equal(order.length, count);
  const position = new Map(order.map((name, i) => [name, i]));
  assert.equal(position.size, count);
  for (const node of nodes) {
    for (const parent of node.parents) {
      assert.ok((position.get(parent) as number) < (position.get(node.name) as number), `${parent} before ${node.name}`);
    }
  }
  assert.deepEqual(graph.findCycles(), []);
  assert.deepEqual(graph.topologicalOrder(), order, 'stable across calls');
});
