/** `"name"` with embedded double quotes doubled: the identifier quoting DuckDB and PostgreSQL share. */
export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
