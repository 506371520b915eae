import { isNumberKey } from './number-keys.js';
import { isDict, pythonRepr } from './python-repr.js';
import { isPythonTuple } from './python-tuple.js';

/*
 * Jinja's `pprint` filter: Python's pprint.pformat(value) (width 80, indent 1), dicts with their keys sorted
 * (number keys first, as Python orders an int before a str); a value whose repr is wider than the line left
 * is written one item a line (`[0,\n 1,\n ...]`), a long string in pieces split after whitespace.
 */

const WIDTH = 80;
const MAX_DEPTH = 20;

const length = (text: string): number => [...text].length;

/** Python's str.splitlines(keepends=True): each line with its line break (\x1c to \x1e among them). */
// eslint-disable-next-line no-control-regex
const LINES = /[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])|[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+$/g;

/** A dict's keys as pformat orders them: number keys by their value, then the others by their text. */
function sortedKeys(dict: Record<string, unknown>): string[] {
  const numbers = Object.keys(dict).filter((key) => isNumberKey(dict, key)).sort((a, b) => Number(a) - Number(b));
  const texts = Object.keys(dict).filter((key) => !isNumberKey(dict, key)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...numbers, ...texts];
}

const keyRepr = (dict: Record<string, unknown>, key: string): string => (isNumberKey(dict, key) ? key : pythonRepr(key));

/** Python's repr of the value, with dicts' keys sorted (pprint's safe_repr). */
function sortedRepr(value: unknown, depth = 0): string {
  if (depth >= MAX_DEPTH) return '...';
  if (Array.isArray(value)) {
    const items = value.map((item) => sortedRepr(item, depth + 1)).join(', ');
    return isPythonTuple(value) ? `(${items}${value.length === 1 ? ',' : ''})` : `[${items}]`;
  }
  if (isDict(value)) return `{${sortedKeys(value).map((key) => `${keyRepr(value, key)}: ${sortedRepr(value[key], depth + 1)}`).join(', ')}}`;
  return pythonRepr(value);
}

/** pprint's PrettyPrinter, writing into `out`. */
class PrettyPrinter {
  out = '';

  format(value: unknown, indent: number, allowance: number, level: number): void {
    const rep = sortedRepr(value);
    if (length(rep) > WIDTH - indent - allowance && level < MAX_DEPTH) {
      if (isDict(value)) return this.dict(value, indent, allowance, level + 1);
      if (Array.isArray(value)) return isPythonTuple(value) ? this.tuple(value, indent, allowance, level + 1) : this.list(value, indent, allowance, level + 1);
      if (typeof value === 'string' || value instanceof String) return this.string(String(value), indent, allowance, level + 1);
    }
    this.out += rep;
  }

  private dict(dict: Record<string, unknown>, indent: number, allowance: number, level: number): void {
    this.out += '{';
    const keys = sortedKeys(dict);
    const inner = indent + 1;
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      const rep = keyRepr(dict, key);
      this.out += `${rep}: `;
      this.format(dict[key], inner + length(rep) + 2, last ? allowance + 1 : 1, level);
      if (!last) this.out += `,\n${' '.repeat(inner)}`;
    });
    this.out += '}';
  }

  private list(items: unknown[], indent: number, allowance: number, level: number): void {
    this.out += '[';
    this.items(items, indent, allowance + 1, level);
    this.out += ']';
  }

  private tuple(items: unknown[], indent: number, allowance: number, level: number): void {
    const end = items.length === 1 ? ',)' : ')';
    this.out += '(';
    this.items(items, indent, allowance + end.length, level);
    this.out += end;
  }

  private items(items: unknown[], indent: number, allowance: number, level: number): void {
    const inner = indent + 1;
    items.forEach((item, i) => {
      if (i > 0) this.out += `,\n${' '.repeat(inner)}`;
      this.format(item, inner, i === items.length - 1 ? allowance : 1, level);
    });
  }

  /** A long string as pprint writes it: its lines, each cut after whitespace to fit, as adjacent literals. */
  private string(text: string, indent: number, allowance: number, level: number): void {
    if (text === '') {
      this.out += pythonRepr(text);
      return;
    }
    const top = level === 1;
    const [at, slack] = top ? [indent + 1, allowance + 1] : [indent, allowance];
    const lines = text.match(LINES) ?? [text];
    const chunks: string[] = [];
    lines.forEach((line, i) => {
      const lastLine = i === lines.length - 1;
      const rep = pythonRepr(line);
      if (length(rep) <= WIDTH - at - (lastLine ? slack : 0)) {
        chunks.push(rep);
        return;
      }
      const parts = line.match(/\S*\s*/g)!.filter((part) => part !== '');
      let current = '';
      parts.forEach((part, j) => {
        const candidate = current + part;
        const room = WIDTH - at - (j === parts.length - 1 && lastLine ? slack : 0);
        if (length(pythonRepr(candidate)) > room) {
          if (current) chunks.push(pythonRepr(current));
          current = part;
        } else {
          current = candidate;
        }
      });
      if (current) chunks.push(pythonRepr(current));
    });
    if (chunks.length === 1) {
      this.out += pythonRepr(text);
      return;
    }
    this.out += (top ? '(' : '') + chunks.join(`\n${' '.repeat(at)}`) + (top ? ')' : '');
  }
}

/** Python's pprint.pformat(value), as Jinja's `pprint` filter prints a value. */
export function pythonPformat(value: unknown): string {
  const printer = new PrettyPrinter();
  printer.format(value, 0, 0, 0);
  return printer.out;
}
