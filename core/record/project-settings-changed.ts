import { parseDocument } from 'yaml';

function withoutVars(text: string): string | null {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return null;
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { vars: _vars, ...rest } = value as Record<string, unknown>;
  return JSON.stringify(rest);
}

/**
 * Whether dbt_project.yml changed in more than its `vars` (compared as parsed YAML, so comments and
 * formatting do not count). A file that does not parse counts as changed.
 */
export function projectSettingsChanged(before: string, after: string): boolean {
  const a = withoutVars(before);
  return a === null || a !== withoutVars(after);
}
