import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffManifests } from '../../core/diff/diff-manifests.js';
import { manifestGraph } from '../../core/diff/manifest-graph.js';
import { renderDiffMarkdown } from '../../core/diff/render-diff-markdown.js';
import { MERMAID_LIMITS, renderDiffMermaid } from '../../core/diff/render-diff-mermaid.js';
import { syntheticManifest } from './synthetic-manifest.js';

const change = (sql: string) => sql.replace('WHERE id >', 'WHERE id >=');
/** Model i reads model i-1: a change at model 0 reaches every later one (count-1 edges). */
const chain = (count: number, edited: number) => ({
  base: syntheticManifest('a'.repeat(40), count, undefined, (i) => [i - 1]),
  head: syntheticManifest('b'.repeat(40), count, (i, sql) => (i === edited ? change(sql) : sql), (i) => [i - 1]),
});

test('a diagram within the limits is drawn whole; one past either limit is null', () => {
  const { base, head } = chain(6, 0);
  const diff = diffManifests(base, head);
  const graph = manifestGraph(head.models);
  const changes = new Map(diff.models.map((d) => [d.name, d]));
  const drawn = renderDiffMermaid(graph, diff.affected, changes, { maxChars: 10_000, maxEdges: 5 });
  assert.equal(drawn, diff.mermaid);
  assert.equal(drawn?.match(/ --> /g)?.length, 5);
  assert.equal(renderDiffMermaid(graph, diff.affected, changes, { maxChars: 10_000, maxEdges: 4 }), null, 'too many edges');
  assert.equal(renderDiffMermaid(graph, diff.affected, changes, { maxChars: drawn!.length, maxEdges: 5 }), drawn, 'exactly at the size limit');
  assert.equal(renderDiffMermaid(graph, diff.affected, changes, { maxChars: drawn!.length - 1, maxEdges: 5 }), null, 'one character over');
});

test('an affected subgraph too large for mermaid: `mermaid` is null, `affected` still lists it, the direct changes are drawn', () => {
  const { base, head } = chain(MERMAID_LIMITS.maxEdges + 10, 3);
  const diff = diffManifests(base, head);
  assert.equal(diff.affected.length, MERMAID_LIMITS.maxEdges + 7);
  assert.equal(diff.models.length, diff.affected.length);
  assert.equal(diff.mermaid, null);
  assert.equal(diff.mermaidChanged, 'flowchart LR\n  m_model_00003["model_00003"]:::modified\n  classDef modified fill:#fdf2d0,stroke:#c4a000,stroke-width:2px\n');
  const md = renderDiffMarkdown(diff, { base: { ref: 'main' }, head: { ref: 'feature' } });
  assert.match(md, /_The graph of all 507 affected models is too large for GitHub to draw; the 1 model changed directly:_\n\n```mermaid\nflowchart LR\n/);
  assert.equal(JSON.parse(JSON.stringify(diff)).mermaid, null, 'JSON says null');
});

test('a downstream model (same definition, a parent changed) is modified [upstream] with nothing else to show', () => {
  const { base, head } = chain(3, 0);
  const [, child] = diffManifests(base, head).models;
  assert.deepEqual(child, {
    name: 'model_00001',
    change: 'modified',
    reasons: ['upstream'],
    path: 'models/model_00001.sql',
    materialized: 'view',
    fingerprint: { base: base.models[1].fingerprint, head: head.models[1].fingerprint },
    changedParents: ['model_00000'],
    configChanges: [],
    varChanges: [],
    macroFiles: [],
    sqlDiff: null,
  });
  assert.deepEqual(Object.keys(child), ['name', 'change', 'reasons', 'path', 'materialized', 'fingerprint', 'changedParents', 'configChanges', 'varChanges', 'macroFiles', 'sqlDiff']);
});

test('many models without edges: drawn whole up to the size limit, null one character past it (before any edge is counted)', () => {
  const base = syntheticManifest('a'.repeat(40), 300, undefined, () => []);
  const head = syntheticManifest('b'.repeat(40), 300, (_, sql) => change(sql), () => []);
  const diff = diffManifests(base, head);
  const graph = manifestGraph(head.models);
  const changes = new Map(diff.models.map((d) => [d.name, d]));
  const drawn = renderDiffMermaid(graph, diff.affected, changes, { maxChars: 1_000_000, maxEdges: 0 });
  assert.equal(drawn?.split('\n').filter((line) => line.includes(':::modified')).length, 300);
  assert.equal(renderDiffMermaid(graph, diff.affected, changes, { maxChars: drawn!.length, maxEdges: 0 }), drawn);
  assert.equal(renderDiffMermaid(graph, diff.affected, changes, { maxChars: drawn!.length - 1, maxEdges: 0 }), null);
  assert.equal(renderDiffMermaid(graph, diff.affected, changes, { maxChars: 5_000, maxEdges: 0 }), null);
});

test('each kind of change has its own mermaid class: metadata-only is not drawn as formatting-only', async () => {
  const { changeClass } = await import('../../core/diff/render-diff-mermaid.js');
  const diff = (change: string, reasons: string[] = []) => ({ change, reasons, changedParents: [] }) as unknown as Parameters<typeof changeClass>[0];
  assert.deepEqual([
    changeClass(diff('added')), changeClass(diff('removed')), changeClass(diff('modified', ['body'])),
    changeClass(diff('formatting-only')), changeClass(diff('metadata-only', ['columns'])), changeClass(undefined),
  ], ['added', 'removed', 'modified', 'formatting', 'metadata', 'downstream']);
});
