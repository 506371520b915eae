/**
 * Jinja prints a dict as Python's repr: `{{ {'a': 1, 'b': [True, none, 'x']} }}` is `{'a': 1, 'b': [True,
 * None, 'x']}` (JavaScript printed `[object Object]`). Both render paths print a dict with `printed`; other
 * values print as before (a list as `1,2`: see docs/dbt-compatibility.md).
 */

const MAX_DEPTH = 20;

/** A dict as templates make them (`{'a': 1}`, a var from YAML): a plain object. */
export function isDict(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Python's repr of a string: single quotes, double ones when it holds a single quote and no double one. */
function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\' || char === quote) out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + quote;
}

/** Python's repr of a value inside a dict or list. */
export function pythonRepr(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isNaN(value) ? 'nan' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value);
  if (typeof value === 'string' || value instanceof String) return stringRepr(String(value));
  if (depth >= MAX_DEPTH) return '...';
  if (Array.isArray(value)) return `[${value.map((item) => pythonRepr(item, depth + 1)).join(', ')}]`;
  if (isDict(value)) {
    return `{${Object.entries(value).map(([key, item]) => `${stringRepr(key)}: ${pythonRepr(item, depth + 1)}`).join(', ')}}`;
  }
  return String(value);
}

/** What `{{ value }}` appends: a dict's Python repr, else the value itself (a list holding dicts: see listText). */
export function printed(value: unknown): unknown {
  if (Array.isArray(value)) return value.some((item) => isDict(item) || Array.isArray(item)) ? listText(value, 0) : value;
  return isDict(value) ? pythonRepr(value) : value;
}

/** A list as JavaScript prints it (`1,2`; nested lists flattened, null as nothing), its dicts as Python's repr. */
function listText(items: unknown[], depth: number): string {
  if (depth >= MAX_DEPTH) return '...';
  return items.map((item) => (item === null || item === undefined ? '' : Array.isArray(item) ? listText(item, depth + 1) : isDict(item) ? pythonRepr(item) : String(item))).join(',');
}
