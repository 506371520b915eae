/**
 * Declared columns as the state database keeps and compares them: without the places in the property file
 * where they and their tests are written. A line added above a model's entry in a .yml moves those places
 * and changes nothing about the model. Manifests recorded before kept them: comparisons strip them too.
 */
export function recordedColumns(columns: readonly unknown[]): unknown[] {
  return columns.map((column) => {
    if (!isRecord(column)) return column;
    const { location: _location, ...rest } = column;
    return Array.isArray(rest.tests) ? { ...rest, tests: rest.tests.map(withoutLocation) } : rest;
  });
}

function withoutLocation(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const { location: _location, ...rest } = value;
  return rest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
