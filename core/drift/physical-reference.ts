const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The physical relations a view's SQL text reads: every `<physical schema>.<name>`, the schema bare or
 * double-quoted, the name bare or double-quoted (DuckDB and PostgreSQL each print view definitions their
 * own way, sometimes with the database in front). Names in order of appearance, unique.
 */
export function physicalReferences(definition: string, physicalSchema: string): string[] {
  const quoted = `"${escapeRe(physicalSchema.replace(/"/g, '""'))}"`;
  const bare = /^[A-Za-z_][\w$]*$/.test(physicalSchema) ? `|(?<![\\w$"])${escapeRe(physicalSchema)}(?![\\w$])` : '';
  const pattern = new RegExp(`(?:${quoted}${bare})\\s*\\.\\s*(?:"((?:[^"]|"")+)"|([A-Za-z_][\\w$]*))`, 'gi');
  const names: string[] = [];
  for (const match of definition.matchAll(pattern)) {
    const name = match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2];
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
