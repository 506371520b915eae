import { ExactInteger } from '../../util/exact-integer.js';
import { floatRepr, numberText, PythonFloat } from './python-float.js';
import { JinjaUndefined, macroName } from './jinja-undefined.js';

/**
 * Python's `json.dumps(value, sort_keys=...)`, as dbt's `tojson()` writes JSON: `{"a": 1, "b": [1, 2]}` (a space
 * after each `,` and `:`), non-ASCII characters escaped (`\u00e9`), a float as Python writes it (`3.0`, `1e-05`).
 * Jinja's Undefined anywhere in the value raises Python's TypeError (`[x] | tojson`), and so does a macro or another
 * function (the project's macro namespace, `{{ shop | tojson }}`, holds macros); JavaScript's undefined is null.
 */
export function pythonJsonDumps(value: unknown, sortKeys = false): string {
  const ascii = (json: string) => json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const dump = (item: unknown, depth: number): string => {
    if (depth > 100) throw new Error('tojson: the value is nested too deeply (or refers to itself)');
    if (item instanceof JinjaUndefined) throw new Error('Object of type Undefined is not JSON serializable');
    if (item === undefined || item === null) return 'null';
    if (typeof item === 'function') throw new Error(`Object of type ${macroName(item) === undefined ? 'function' : 'Macro'} is not JSON serializable`);
    if (typeof item === 'number') return Number.isFinite(item) ? numberText(item) : Number.isNaN(item) ? 'NaN' : item > 0 ? 'Infinity' : '-Infinity';
    if (item instanceof PythonFloat) return floatRepr(item.value);
    if (typeof item === 'string' || item instanceof String) return ascii(JSON.stringify(String(item)));
    if (typeof item !== 'object') return JSON.stringify(item) ?? 'null';
    if (item instanceof ExactInteger) return item.digits;
    if (Array.isArray(item)) return `[${item.map((x) => dump(x, depth + 1)).join(', ')}]`;
    const entries = Object.entries(item as Record<string, unknown>);
    if (sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, x]) => `${ascii(JSON.stringify(key))}: ${dump(x, depth + 1)}`).join(', ')}}`;
  };
  return dump(value, 0);
}

/**
 * Jinja's `tojson` filter: json.dumps with sorted keys, then `<`, `>`, `&` and `'` written as \u escapes (so
 * the text is safe inside HTML or a single-quoted string).
 */
export function jinjaToJsonFilter(value: unknown): string {
  return pythonJsonDumps(value, true).replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
