import { percentFormat } from './python-formatting.js';
import { keywordArgs } from './keyword-args.js';
import { jinjaToJsonFilter } from './python-json.js';

/**
 * Jinja's filters that nunjucks lacks or has in a narrower form, as dbt macros use them
 * (`cols | map(attribute='name') | join(', ')`, `selectattr('type', 'equalto', 'date')`, `| unique`, `| tojson`).
 * Installed on the nunjucks environment only: the lite path declines templates that use filters it does
 * not know, and nunjucks renders them.
 */

type Filter = (...args: unknown[]) => unknown;

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [...(value as Iterable<unknown>)]);

/** `a.b.c` of an item, as Jinja's attribute= arguments read it. */
function attribute(item: unknown, path: unknown): unknown {
  let value = item;
  for (const key of String(path).split('.')) value = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[key];
  return value;
}

/** Jinja's tests, by name, as selectattr and rejectattr take them. */
function passes(value: unknown, test: unknown, arg: unknown): boolean {
  switch (test) {
    case undefined: return !!value;
    case 'equalto': case 'eq': case '==': case 'sameas': return value === arg;
    case 'ne': case '!=': return value !== arg;
    case 'in': return Array.isArray(arg) ? arg.includes(value) : typeof arg === 'string' && typeof value === 'string' && arg.includes(value);
    case 'defined': return value !== undefined;
    case 'undefined': return value === undefined;
    case 'none': return value === null;
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number';
    case 'true': return value === true;
    case 'false': return value === false;
    case 'gt': case '>': return (value as number) > (arg as number);
    case 'ge': case '>=': return (value as number) >= (arg as number);
    case 'lt': case '<': return (value as number) < (arg as number);
    case 'le': case '<=': return (value as number) <= (arg as number);
    default: throw new Error(`the test '${String(test)}' is not supported in selectattr / rejectattr`);
  }
}

const byKey = (key: (item: unknown) => unknown) => (a: unknown, b: unknown) => {
  const [x, y] = [key(a), key(b)] as [number | string, number | string];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The filters, given a way to apply another filter by name (for `map('upper')`). */
export function jinjaFilters(filterNamed: (name: string) => Filter): Record<string, Filter> {
  const keyOf = (kwargs: Record<string, unknown>) => (item: unknown) => {
    const value = kwargs.attribute === undefined ? item : attribute(item, kwargs.attribute);
    return typeof value === 'string' && kwargs.case_sensitive !== true ? value.toLowerCase() : value;
  };
  const extreme = (sign: number) => (items: unknown, ...args: unknown[]) => {
    const sorted = [...list(items)].sort(byKey(keyOf(keywordArgs(args).kwargs)));
    return (sign < 0 ? sorted[0] : sorted[sorted.length - 1]) ?? null;
  };
  const select = (keep: boolean) => (items: unknown, ...args: unknown[]) => {
    const [attr, test, arg] = keywordArgs(args).positional;
    return list(items).filter((item) => passes(attribute(item, attr), test, arg) === keep);
  };
  return {
    map(items: unknown, ...args: unknown[]) {
      const { positional, kwargs } = keywordArgs(args);
      if (kwargs.attribute !== undefined) return list(items).map((item) => attribute(item, kwargs.attribute) ?? kwargs.default ?? null);
      const [name, ...rest] = positional;
      const filter = filterNamed(String(name));
      return list(items).map((item) => filter(item, ...rest));
    },
    unique(items: unknown, ...args: unknown[]) {
      const key = keyOf(keywordArgs(args).kwargs);
      const seen = new Set<unknown>();
      return list(items).filter((item) => { const k = key(item); if (seen.has(k)) return false; seen.add(k); return true; });
    },
    min: extreme(-1),
    max: extreme(1),
    selectattr: select(true),
    rejectattr: select(false),
    items: (value: unknown) => (value && typeof value === 'object' ? Object.entries(value) : []),
    tojson: (value: unknown) => jinjaToJsonFilter(value),
    format: (template: unknown, ...args: unknown[]) => percentFormat(template, args),
  };
}
