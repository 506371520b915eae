import { numberText } from './python-float.js';
import { isPythonTuple } from './python-tuple.js';
import { isNumberKey } from './number-keys.js';
import { JinjaUndefined, macroName } from './jinja-undefined.js';

/**
 * Jinja prints a value as Python's str: `{{ none }}` is `None`, `{{ true }}` `True`, `{{ [1, 'a'] }}` `[1, 'a']`,
 * `{{ {'a': 1, 'b': [True, none]} }}` `{'a': 1, 'b': [True, None]}`, `{{ (1, 'a') }}` `(1, 'a')`, `{{ 4 / 2 }}` `2.0` (JavaScript printed
 * nothing, `true`, `1,a`, `[object Object]` and `2`). Both render paths print with `printed`; an undefined
 * value (a missing variable or attribute, Jinja's Undefined) prints nothing.
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

/**
 * A function's repr, as Jinja prints a macro not called (`{{ m }}`: `<Macro 'm'>`; nunjucks printed its JavaScript
 * source), and any other function `<function name>`. dbt prints a project macro as its MacroGenerator's repr, which
 * holds a memory address (`<dbt.clients.jinja.MacroGenerator object at 0x...>`): an output that changes at each run.
 */
function callableRepr(fn: (...args: never[]) => unknown): string {
  const macro = macroName(fn);
  if (macro !== undefined) return `<Macro ${stringRepr(macro)}>`;
  return `<function ${fn.name || 'anonymous'}>`;
}

/** Python's repr of a value inside a dict or list. */
export function pythonRepr(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string' || value instanceof String) return stringRepr(String(value));
  if (value instanceof JinjaUndefined) return 'Undefined';
  if (typeof value === 'function') return callableRepr(value as (...args: never[]) => unknown);
  if (depth >= MAX_DEPTH) return '...';
  if (Array.isArray(value)) {
    const items = value.map((item) => pythonRepr(item, depth + 1)).join(', ');
    return isPythonTuple(value) ? `(${items}${value.length === 1 ? ',' : ''})` : `[${items}]`;
  }
  if (isDict(value)) {
    const keyRepr = (key: string) => (isNumberKey(value, key) ? key : stringRepr(key));
    return `{${Object.entries(value).map(([key, item]) => `${keyRepr(key)}: ${pythonRepr(item, depth + 1)}`).join(', ')}}`;
  }
  return String(value);
}

/** Python's str of a value, as `~`, `%s`, `'{}'.format()` and the `string` and `join` filters write it; undefined is ''. */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value instanceof JinjaUndefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (value === null || typeof value === 'boolean' || typeof value === 'function' || Array.isArray(value) || isDict(value)) return pythonRepr(value);
  return String(value);
}

/** What `{{ value }}` appends: Python's str of it; a string or String object (a relation, a macro's output) as it is. */
export function printed(value: unknown): unknown {
  if (typeof value === 'string' || value instanceof String) return value;
  return pythonStr(value);
}
