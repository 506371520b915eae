import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelGraph } from '../../core/graph/model-graph.js';
import { graphToJson, renderDot, renderMermaid } from '../../core/graph/render-graph.js';
import { model } from './graph-fixture.js';

// eth.logs -> stg_logs -> int_logs (ephemeral) -> fct_logs (incremental) <- dim_day (table); unselected: hidden
const graph = new ModelGraph([
  model('stg_logs', ['hidden'], { sources: ['eth.logs'], tags: ['staging'] }),
  model('int_logs', ['stg_logs'], { materialized: 'ephemeral' }),
  model('fct_logs', ['int_logs', 'dim_day'], { materialized: 'incremental', path: 'models/marts/fct_logs.sql' }),
  model('dim_day', [], { materialized: 'table', sources: ['eth.logs', 'eth.blocks'] }),
  model('hidden', [], { materialized: 'seed' }),
]);
const selected = ['stg_logs', 'int_logs', 'fct_logs', 'dim_day', 'unknown'];

test('renderDot draws selected models, their edges and the sources they read', () => {
  assert.equal(renderDot(graph, selected), `digraph models {
  rankdir=LR;
  node [shape=box, fontname="Helvetica"];
  "source:eth.blocks" [label="eth.blocks", shape=cylinder];
  "source:eth.logs" [label="eth.logs", shape=cylinder];
  "dim_day" [label="dim_day", style="filled", fillcolor="#dbe9f6"];
  "fct_logs" [label="fct_logs", style="filled,bold", fillcolor="#d9f0d3"];
  "int_logs" [label="int_logs", style="dashed"];
  "stg_logs" [label="stg_logs", style="rounded"];
  "source:eth.blocks" -> "dim_day";
  "source:eth.logs" -> "dim_day";
  "source:eth.logs" -> "stg_logs";
  "dim_day" -> "fct_logs";
  "int_logs" -> "fct_logs";
  "stg_logs" -> "int_logs";
}
`);
});

test('renderMermaid uses sanitized ids, quoted labels and classes per materialization', () => {
  assert.equal(renderMermaid(graph, selected), `flowchart LR
  s_eth_blocks[("eth.blocks")]:::source
  s_eth_logs[("eth.logs")]:::source
  m_dim_day["dim_day"]:::table
  m_fct_logs["fct_logs"]:::incremental
  m_int_logs["int_logs"]:::ephemeral
  m_stg_logs["stg_logs"]:::view
  s_eth_blocks --> m_dim_day
  s_eth_logs --> m_dim_day
  s_eth_logs --> m_stg_logs
  m_dim_day --> m_fct_logs
  m_int_logs --> m_fct_logs
  m_stg_logs --> m_int_logs
  classDef view fill:#ffffff,stroke:#555555
  classDef table fill:#dbe9f6,stroke:#3465a4
  classDef incremental fill:#d9f0d3,stroke:#4e9a06,stroke-width:2px
  classDef ephemeral fill:#ffffff,stroke:#888888,stroke-dasharray:4 4
  classDef source fill:#fdf2d0,stroke:#c4a000
`);
});

test('mermaid ids stay unique when names sanitize alike; odd characters are escaped', () => {
  const odd = new ModelGraph([model('a.b', [], { materialized: 'seed' }), model('a_b', ['a.b']), model('say"hi"', ['a_b'])]);
  assert.equal(renderMermaid(odd, odd.names()), `flowchart LR
  m_a_b["a.b"]
  m_a_b_2["a_b"]:::view
  m_say_hi_["say#quot;hi#quot;"]:::view
  m_a_b --> m_a_b_2
  m_a_b_2 --> m_say_hi_
  classDef view fill:#ffffff,stroke:#555555
`);
  assert.match(renderDot(odd, odd.names()), /"a_b" -> "say\\"hi\\"";/);
});

test('graphToJson lists nodes, edges between selected models, and sources', () => {
  assert.deepEqual(graphToJson(graph, selected), {
    nodes: [
      { name: 'dim_day', path: 'models/dim_day.sql', materialized: 'table', tags: [] },
      { name: 'fct_logs', path: 'models/marts/fct_logs.sql', materialized: 'incremental', tags: [] },
      { name: 'int_logs', path: 'models/int_logs.sql', materialized: 'ephemeral', tags: [] },
      { name: 'stg_logs', path: 'models/stg_logs.sql', materialized: 'view', tags: ['staging'] },
    ],
    edges: [
      { from: 'dim_day', to: 'fct_logs' },
      { from: 'int_logs', to: 'fct_logs' },
      { from: 'stg_logs', to: 'int_logs' },
    ],
    sources: [
      { name: 'eth.blocks', children: ['dim_day'] },
      { name: 'eth.logs', children: ['dim_day', 'stg_logs'] },
    ],
    seeds: [],
  });
  assert.deepEqual(graphToJson(graph, []), { nodes: [], edges: [], sources: [], seeds: [] });
  // Seeds with their readers: only the selected readers are drawn.
  assert.deepEqual(graphToJson(graph, selected, new Map([['tokens', ['dim_day', 'not_selected']], ['unread', []]])).seeds, [{ name: 'tokens', children: ['dim_day'] }]);
});

test('rendering does not depend on the order of the selection', () => {
  assert.equal(renderDot(graph, [...selected].reverse()), renderDot(graph, selected));
  assert.equal(renderMermaid(graph, new Set(selected)), renderMermaid(graph, selected));
});

test('materializations named like Object properties get no style', () => {
  const odd = new ModelGraph([model('m', [], { materialized: 'constructor' })]);
  assert.equal(renderDot(odd, ['m']).split('\n')[3], '  "m" [label="m"];');
  assert.equal(renderMermaid(odd, ['m']), 'flowchart LR\n  m_m["m"]\n');
});
