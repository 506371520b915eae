import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { adminSpec, type JsonSchema, type SpecOperation } from './openapi-spec.js';

/**
 * Checks Admin API exchanges against Amp's own OpenAPI spec, so the client and the local test server
 * cannot drift from the real server together. `path` is the concrete path relative to the API root,
 * optionally with its query string (`/jobs/12`, `/jobs?limit=2&last_job_id=7`); path and query
 * parameters are checked too. Anything the spec does not describe (path, method, status, parameter,
 * a body where none is declared) is a violation. Violations are thrown as one readable list.
 */

export class OpenApiViolationError extends Error {
  constructor(readonly exchange: string, readonly violations: string[]) {
    super(`${exchange} does not match the Amp Admin API spec:\n${violations.map((v) => `  - ${v}`).join('\n')}`);
    this.name = 'OpenApiViolationError';
  }
}

export interface Exchange {
  method: string;
  path: string;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
}

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function makeAjv(coerceTypes: boolean): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true, coerceTypes });
  // Ranges only: `type: integer` already rejects fractions (and says so once).
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => n >= -INT64 && n < INT64 });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => n >= -INT32 && n < INT32 });
  ajv.addFormat('date-time', RFC3339);
  ajv.addSchema(adminSpec().components);
  return ajv;
}

let ajvs: { bodies: Ajv2020; params: Ajv2020 } | undefined;
const compiled = new Map<string, ValidateFunction>();

/** One compiled validator per schema location, built on first use. */
function validator(key: string, schema: JsonSchema, kind: 'bodies' | 'params'): ValidateFunction {
  ajvs ??= { bodies: makeAjv(false), params: makeAjv(true) };
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajvs[kind].compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

interface Matched {
  operation: SpecOperation;
  pathParams: Record<string, string>;
  query: URLSearchParams;
}

/** The spec operation a concrete method and path belong to, or a violation saying why there is none. */
export function matchOperation(method: string, path: string): Matched | string {
  const [pathname, search = ''] = path.split(/\?(.*)/s, 2);
  const upper = method.toUpperCase();
  const candidates = adminSpec().paths.filter((p) => p.pattern.test(pathname));
  if (candidates.length === 0) return `no path of the spec matches '${pathname}'`;
  for (const candidate of candidates) {
    const operation = adminSpec().operations.find((op) => op.template === candidate.template && op.method === upper);
    if (!operation) continue;
    const values = candidate.pattern.exec(pathname)!.slice(1).map((v) => decodeURIComponent(v));
    const pathParams = Object.fromEntries(candidate.names.map((name, i) => [name, values[i]]));
    return { operation, pathParams, query: new URLSearchParams(search) };
  }
  const allowed = adminSpec().operations.filter((op) => candidates.some((c) => c.template === op.template)).map((op) => op.method);
  return `${upper} is not an operation of ${candidates[0].template} (the spec has ${[...new Set(allowed)].join(', ')})`;
}

/** The operationId of a concrete request, or undefined when the spec has none (for coverage checks). */
export function operationIdOf(method: string, path: string): string | undefined {
  const matched = matchOperation(method, path);
  return typeof matched === 'string' ? undefined : matched.operation.operationId;
}

/** Throws OpenApiViolationError unless the request (path, query parameters and body) follows the spec. */
export function validateRequest(method: string, path: string, body: unknown): void {
  const where = `${method.toUpperCase()} ${path}`;
  const matched = matchOperation(method, path);
  if (typeof matched === 'string') throw new OpenApiViolationError(where, [matched]);
  const violations = [...parameterViolations(matched), ...requestBodyViolations(matched.operation, body)];
  if (violations.length > 0) throw new OpenApiViolationError(`${where} (${matched.operation.operationId})`, violations);
}

/** Throws OpenApiViolationError unless the status is declared for the operation and the body matches it. */
export function validateResponse(method: string, path: string, status: number, body: unknown): void {
  const where = `${method.toUpperCase()} ${path} -> ${status}`;
  const matched = matchOperation(method, path);
  if (typeof matched === 'string') throw new OpenApiViolationError(where, [matched]);
  const { operation } = matched;
  const statusKey = [String(status), `${String(status)[0]}XX`, 'default'].find((key) => operation.responses[key]);
  const violations = statusKey
    ? bodyViolations(`${operation.operationId} ${statusKey}`, operation.responses[statusKey].content, body, 'response body', true)
    : [`status ${status} is not a response of ${operation.operationId} (the spec has ${Object.keys(operation.responses).join(', ')})`];
  if (violations.length > 0) throw new OpenApiViolationError(`${where} (${operation.operationId})`, violations);
}

/** Both checks for one exchange; fits `AdminClient`'s `onExchange`. */
export function validateExchange(exchange: Exchange): void {
  validateRequest(exchange.method, exchange.path, exchange.requestBody);
  validateResponse(exchange.method, exchange.path, exchange.status, exchange.responseBody);
}

function parameterViolations({ operation, pathParams, query }: Matched): string[] {
  const violations: string[] = [];
  const values: Record<'path' | 'query', Record<string, string>> = { path: pathParams, query: {} };
  for (const key of new Set(query.keys())) {
    if (query.getAll(key).length > 1) violations.push(`query parameter '${key}' is repeated`);
    values.query[key] = query.get(key)!;
  }
  const schemaOf = (where: 'path' | 'query') => {
    const declared = operation.parameters.filter((p) => p.in === where);
    return {
      type: 'object',
      properties: Object.fromEntries(declared.map((p) => [p.name, p.schema])),
      required: declared.filter((p) => p.required || where === 'path').map((p) => p.name),
      additionalProperties: false,
    };
  };
  const schema = { type: 'object', properties: { path: schemaOf('path'), query: schemaOf('query') } };
  const validate = validator(`${operation.operationId} parameters`, schema, 'params');
  if (!validate(values)) violations.push(...describe(validate.errors, '').map(parameterWording));
  return violations;
}

/** `/query/limit: must be integer` as `query parameter 'limit' must be integer`. */
function parameterWording(violation: string): string {
  const unknown = /^\/(path|query): must NOT have additional properties \('(.+)'\)$/.exec(violation);
  if (unknown) return `${unknown[1]} parameter '${unknown[2]}' is not in the spec`;
  const missing = /^\/(path|query): must have required property '(.+)'$/.exec(violation);
  if (missing) return `${missing[1]} parameter '${missing[2]}' is required`;
  const typed = /^\/(path|query)\/([^:]+): (.*)$/.exec(violation);
  return typed ? `${typed[1]} parameter '${typed[2]}' ${typed[3]}` : `parameters ${violation}`;
}

function requestBodyViolations(operation: SpecOperation, body: unknown): string[] {
  const declared = operation.requestBody;
  if (!declared) return body === undefined ? [] : [`${operation.operationId} takes no request body, but one was sent`];
  if (body === undefined) return declared.required ? ['the request body is required but none was sent'] : [];
  return bodyViolations(`${operation.operationId} request`, declared.content, body, 'request body', false);
}

function bodyViolations(key: string, content: Record<string, { schema?: JsonSchema }> | undefined, body: unknown, label: string, response: boolean): string[] {
  const json = content?.['application/json'];
  if (!content || Object.keys(content).length === 0) return body === undefined ? [] : [`${label}: the spec declares no body, but one was ${response ? 'returned' : 'sent'}`];
  if (!json) return [`${label}: the spec declares only ${Object.keys(content).join(', ')}, not application/json`];
  if (body === undefined) return [`${label}: missing (the spec declares an application/json body)`];
  const validate = validator(key, json.schema ?? {}, 'bodies');
  return validate(body) ? [] : describe(validate.errors, `${label} `);
}

function describe(errors: ErrorObject[] | null | undefined, prefix: string): string[] {
  return (errors ?? []).map((error) => {
    const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
    const extra = params.additionalProperty !== undefined ? ` ('${params.additionalProperty}')`
      : params.allowedValues ? ` (${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})` : '';
    return `${prefix}${error.instancePath || '/'}: ${error.message ?? error.keyword}${extra}`;
  });
}
