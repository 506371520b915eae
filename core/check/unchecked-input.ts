import type { RenderedModel } from '../compile/compiled-model.js';
import { CLOSE, OPEN } from '../compile/placeholders.js';
import type { SourceDefinition, SourceTable } from '../project/project-types.js';
import type { UndeclaredSources } from './declare-sources.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The tables a model reads from Amp datasets: `⟦dataset:ref⟧.table` in its canonical SQL. */
function datasetTables(model: RenderedModel): Array<{ reference: string; table: string }> {
  const pattern = new RegExp(`${escapeRe(OPEN)}dataset:([^${escapeRe(CLOSE)}]*)${escapeRe(CLOSE)}\\s*\\.\\s*(?:"((?:[^"]|"")+)"|([\\w$]+))`, 'g');
  const out: Array<{ reference: string; table: string }> = [];
  for (const sql of [model.canonicalSql, model.incrementalSql ?? '']) {
    for (const m of sql.matchAll(pattern)) out.push({ reference: m[1], table: m[2]?.replace(/""/g, '"') ?? m[3] });
  }
  return out;
}

/**
 * Why a model cannot be checked, or undefined when it can: it reads a source table (directly or as a
 * table of an Amp dataset a source declares) whose columns are not declared, or a dataset table no
 * source declares at all.
 */
export function uncheckedInput(
  model: RenderedModel, sources: Map<string, { source: SourceDefinition; table: SourceTable }>, undeclared: UndeclaredSources,
): string | undefined {
  for (const key of model.sources) {
    const why = undeclared.get(key);
    if (why) return why;
  }
  for (const { reference, table } of datasetTables(model)) {
    const declared = [...sources].find(([, s]) => !s.source.database && s.source.schema === reference && s.table.identifier === table);
    if (!declared) return `it reads ${reference}.${table}, which no source declares (a source with schema '${reference}' and table '${table}')`;
    const why = undeclared.get(declared[0]);
    if (why) return why;
  }
  return undefined;
}
