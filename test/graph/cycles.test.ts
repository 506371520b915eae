import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleError, formatDiagnostic } from '../../core/errors.js';
import { cycleDiagnostics, cycleError } from '../../core/graph/cycle-diagnostics.js';
import { ModelGraph } from '../../core/graph/model-graph.js';
import { compileFiles } from '../helpers.js';
import { model } from './graph-fixture.js';

test('no cycles in an acyclic graph', () => {
  const graph = new ModelGraph([model('a'), model('b', ['a'])]);
  assert.deepEqual(graph.findCycles(), []);
  assert.deepEqual(cycleDiagnostics(graph), []);
});

test('a 3-cycle starts at its smallest name and is located at the first ref', () => {
  const graph = new ModelGraph([
    model('c', ['a']),
    model('b', ['c'], { path: 'models/b.sql' }),
    model('a', ['b'], { parentLocations: { b: { file: 'models/a.sql', line: 3, column: 8 } } }),
    model('downstream', ['c']),
  ]);
  assert.deepEqual(graph.findCycles(), [['a', 'b', 'c']]);
  assert.deepEqual(cycleDiagnostics(graph), [{
    file: 'models/a.sql',
    line: 3,
    column: 8,
    code: 'cycle',
    message: 'dependency cycle: a -> b -> c -> a',
    hint: "each model refs the next one; remove one of these refs to break the cycle: ref('b') in a, ref('c') in b, ref('a') in c",
  }]);
});

test('a self-loop is a cycle of one model', () => {
  const graph = new ModelGraph([model('loop', ['loop'], { path: 'models/marts/loop.sql' }), model('other', ['loop'])]);
  assert.deepEqual(graph.findCycles(), [['loop']]);
  const [diagnostic] = cycleDiagnostics(graph);
  assert.equal(formatDiagnostic(diagnostic),
    "models/marts/loop.sql:1:1: error[cycle] dependency cycle: loop -> loop\n  hint: a model cannot depend on itself: remove ref('loop') from loop");
});

test('two separate cycles are each reported once, sorted', () => {
  const graph = new ModelGraph([
    model('x', ['y']), model('y', ['z']), model('z', ['x']),
    model('b', ['a']), model('a', ['b']),
    model('fine', ['a', 'x']),
  ]);
  assert.deepEqual(graph.findCycles(), [['a', 'b'], ['x', 'y', 'z']]);
  assert.deepEqual(cycleDiagnostics(graph).map((d) => d.message), [
    'dependency cycle: a -> b -> a',
    'dependency cycle: x -> y -> z -> x',
  ]);
});

test('a cycle follows refs, whatever the input order, and a self-loop inside a cycle is reported too', () => {
  const graph = new ModelGraph([model('m', ['k', 'm']), model('k', ['q']), model('q', ['m'])]);
  assert.deepEqual(graph.findCycles(), [['k', 'q', 'm'], ['m']]);
});

test('the shortest cycle through the smallest model of a tangled component', () => {
  // a -> b -> c -> d -> a, plus the shortcut c -> a.
  const graph = new ModelGraph([model('a', ['b']), model('b', ['c']), model('c', ['a', 'd']), model('d', ['a'])]);
  assert.deepEqual(graph.findCycles(), [['a', 'b', 'c']]);
});

test('a cycle in a long chain does not overflow the stack', () => {
  const n = 50_000;
  const nodes = Array.from({ length: n }, (_, i) => model(`n${String(i).padStart(6, '0')}`, [`n${String((i + 1) % n).padStart(6, '0')}`]));
  const cycles = new ModelGraph(nodes).findCycles();
  assert.equal(cycles.length, 1);
  assert.equal(cycles[0].length, n);
  assert.equal(cycles[0][0], 'n000000');
  assert.equal(cycles[0][1], 'n000001');
});

test('cycleError turns a cycle into a throwable CycleError at the same location', () => {
  const graph = new ModelGraph([model('b', ['a']), model('a', ['b'], { parentLocations: { b: { file: 'models/a.sql', line: 2, column: 6 } } })]);
  const error = cycleError(graph, graph.findCycles()[0]);
  assert.ok(error instanceof CycleError);
  assert.equal(error.code, 'cycle');
  assert.equal(error.message, 'dependency cycle: a -> b -> a');
  assert.deepEqual(error.location, { file: 'models/a.sql', line: 2, column: 6 });
});

test('a cycle through a header-pragma model names its @import, not a ref, in the hint', () => {
  const { errors } = compileFiles({
    'dbt_project.yml': 'name: p\n',
    'models/c.sql': "select * from {{ ref('d') }}",
    'models/d.sql': '-- @import: c = models.c\nselect * from :c',
  });
  assert.deepEqual(errors.map((e) => `${e.code} ${e.hint}`), [
    "cycle each model refs the next one; remove one of these refs to break the cycle: ref('d') in c, the @import of c in d",
  ]);
});
