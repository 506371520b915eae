import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Amp's Admin API OpenAPI 3.1 spec (vendored as core/warehouse/amp/admin/admin.spec.json, a copy of
 * Amp's own), read once and reshaped for JSON Schema validation: component refs point into one
 * schema document, `nullable: true` (OpenAPI 3.0 style) becomes a `null` type, and each templated
 * path (`/jobs/{id}`) gets a matcher.
 */

export const SPEC_FILE = fileURLToPath(new URL('../../../core/warehouse/amp/admin/admin.spec.json', import.meta.url));
/** The id under which the components are registered with ajv; `$ref`s are rewritten to point here. */
export const COMPONENTS_ID = 'https://amp-dbt.test/amp-admin.spec.json';

export type JsonSchema = Record<string, unknown> | boolean;

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

export interface SpecOperation {
  method: string;
  template: string;
  operationId: string;
  parameters: SpecParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface AdminSpec {
  /** Component schemas, refs rewritten, ready to register with ajv under COMPONENTS_ID. */
  components: { $id: string; $defs: Record<string, JsonSchema> };
  operations: SpecOperation[];
  paths: { template: string; pattern: RegExp; names: string[] }[];
}

let cached: AdminSpec | undefined;

/** The parsed spec, loaded on first use. */
export function adminSpec(): AdminSpec {
  if (cached) return cached;
  const raw = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as {
    paths: Record<string, Record<string, Omit<SpecOperation, 'method' | 'template'>>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  const operations: SpecOperation[] = [];
  for (const [template, methods] of Object.entries(raw.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const reshaped = toValidatable(operation) as Omit<SpecOperation, 'method' | 'template'>;
      operations.push({ ...reshaped, parameters: reshaped.parameters ?? [], method: method.toUpperCase(), template });
    }
  }
  const paths = Object.keys(raw.paths).map((template) => ({ template, ...templatePattern(template) }));
  // Literal segments win over parameters (`/revisions/deactivate` before `/revisions/{id}`).
  paths.sort((a, b) => a.names.length - b.names.length);
  cached = { components: { $id: COMPONENTS_ID, $defs: toValidatable(raw.components.schemas, true) as Record<string, JsonSchema> }, operations, paths };
  return cached;
}

function templatePattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template.split('/').map((part) => {
    const param = /^\{(.+)\}$/.exec(part);
    if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(param[1]);
    return '([^/]+)';
  }).join('/');
  return { pattern: new RegExp(`^${source}$`), names };
}

/** Keys whose value maps names to schemas: their keys are names, not keywords. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);

/** Deep copy with `#/components/schemas/X` refs made absolute and `nullable: true` turned into a null type. */
function toValidatable(value: unknown, isMap = false): unknown {
  if (Array.isArray(value)) return value.map((item) => toValidatable(item));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (isMap) out[key] = toValidatable(child);
    else if (key === '$ref' && typeof child === 'string' && child.startsWith('#/components/schemas/')) {
      out.$ref = `${COMPONENTS_ID}#/$defs/${child.slice('#/components/schemas/'.length)}`;
    } else if (key !== 'nullable' || typeof child !== 'boolean') {
      out[key] = toValidatable(child, SCHEMA_MAPS.has(key));
    }
  }
  if (!isMap && (value as { nullable?: unknown }).nullable === true && out.type !== undefined) {
    const types = Array.isArray(out.type) ? out.type : [out.type];
    out.type = types.includes('null') ? types : [...types, 'null'];
  }
  return out;
}
