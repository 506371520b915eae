import { CLOSE, OPEN, parsePlaceholder } from './placeholders.js';

/** The names of the seeds a model's SQL (canonical, with placeholders) refs, each once. */
export function seedsReadBy(model: { canonicalSql: string; incrementalSql?: string | null }): string[] {
  if (!model.canonicalSql.includes(`${OPEN}seed`)) return [];
  const names = new Set<string>();
  for (const sql of [model.canonicalSql, model.incrementalSql ?? '']) {
    for (let at = sql.indexOf(`${OPEN}seed`); at >= 0; at = sql.indexOf(`${OPEN}seed`, at + 1)) {
      const inner = sql.slice(at + 1, sql.indexOf(CLOSE, at));
      const colon = inner.indexOf(':');
      const placeholder = colon < 0 ? undefined : parsePlaceholder(inner.slice(0, colon), inner.slice(colon + 1));
      if (placeholder?.kind === 'seed') names.add(placeholder.name);
    }
  }
  return [...names];
}
