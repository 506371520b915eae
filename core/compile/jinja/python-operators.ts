import { percentFormat } from './python-formatting.js';

/*
 * Jinja's (Python's) `+`, `*` and `%` where JavaScript's differ, for both render paths (nunjucks' compiled
 * templates call them through its runtime module, the lite interpreter directly): lists are joined by `+`
 * (`cols + ['id']`), strings and lists repeated by `*` (`'-' * 10`), and a string `%` values formats them
 * (`'%s_%02d' % (name, n)`). Anything else is JavaScript's operator, as before.
 */

/** A string, or a String object (a macro's output is a nunjucks SafeString). */
const isText = (value: unknown): boolean => typeof value === 'string' || value instanceof String;

export function pythonAdd(left: any, right: any): unknown {
  if (Array.isArray(left) && Array.isArray(right)) return left.concat(right);
  return left + right;
}

export function pythonMultiply(left: any, right: any): unknown {
  if (Number.isInteger(right)) {
    if (isText(left)) return String(left).repeat(Math.max(0, right));
    if (Array.isArray(left)) return repeatList(left, right);
  }
  if (Number.isInteger(left)) {
    if (isText(right)) return String(right).repeat(Math.max(0, left));
    if (Array.isArray(right)) return repeatList(right, left);
  }
  return left * right;
}

export function pythonModulo(left: any, right: any): unknown {
  if (!isText(left)) return left % right;
  if (Array.isArray(right)) return percentFormat(left, right);
  if (right !== null && typeof right === 'object' && !(right instanceof String)) return percentFormat(left, [{ ...right, __keywords: true }]);
  return percentFormat(left, [right]);
}

function repeatList(list: readonly unknown[], times: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < times; i++) out.push(...list);
  return out;
}
