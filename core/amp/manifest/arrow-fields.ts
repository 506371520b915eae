import { AmpDbtError } from '../../errors.js';
import type { ArrowField } from './manifest-types.js';

/**
 * The columns POST /schema inferred for one table. The spec leaves the shape of each entry of
 * `schemas` open; Amp sends a TableSchema, `{"arrow": {"fields": [...]}}`, possibly wrapped as
 * `{"schema": {...}, "networks": [...]}`; a bare `{"fields": [...]}` is accepted too.
 */
export function arrowFields(schemas: Record<string, unknown>, table: string): ArrowField[] {
  const entry = schemas[table];
  const fields = findFields(entry);
  if (!fields) {
    throw new AmpDbtError('amp-schema-shape', `POST /schema returned no schema for table '${table}'`, {
      hint: 'the Amp server answered in a shape amp-dbt does not know; check the server version',
    });
  }
  return fields.map((field, i) => {
    const { name, type, nullable } = (field ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || (typeof type !== 'string' && (typeof type !== 'object' || type === null))) {
      throw new AmpDbtError('amp-schema-shape', `POST /schema returned field ${i} of table '${table}' without a name and type`, { hint: 'check the server version' });
    }
    return { name, type: typeof type === 'string' ? type : JSON.stringify(type), nullable: nullable !== false };
  });
}

function findFields(entry: unknown): unknown[] | null {
  if (!entry || typeof entry !== 'object') return null;
  const value = entry as Record<string, unknown>;
  if (Array.isArray(value.fields)) return value.fields;
  if (value.arrow) return findFields(value.arrow);
  if (value.schema) return findFields(value.schema);
  return null;
}
