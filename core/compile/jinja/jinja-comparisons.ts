import { jinjaEquals, pythonTypeName } from './python-operators.js';
import { failIfUndefined, isUndefined } from './jinja-undefined.js';
import { numeric } from './python-float.js';
import { isPythonTuple } from './python-tuple.js';

/*
 * A chain of comparisons as Jinja's (Python's): `a < b == c` is `a < b and b == c`, each operand evaluated once
 * and the chain stopping at the first false comparison. nunjucks emitted JavaScript's operators side by side,
 * so `1 < 2 == true` was `(1 < 2) == true`, True, where Jinja gives False, and `3 > 2 > 1` was False.
 */

/**
 * One comparison: `==` and `!=` Jinja's equality (lists and dicts by their items), `<`, `>`, `<=` and `>=` Python's
 * order (pythonOrder); an undefined operand of those raises Jinja's UndefinedError.
 */
export function jinjaCompare(op: string, left: any, right: any): boolean {
  if (op.length === 1 || op === '<=' || op === '>=') failIfUndefined(left, right);
  switch (op) {
    case '==': return jinjaEquals(left, right);
    case '!=': return !jinjaEquals(left, right);
    // nunjucks' `===` and `!==`: an undefined value (a JinjaUndefined or JavaScript's) is the same as another.
    case '===': return left === right || (isUndefined(left) && isUndefined(right));
    case '!==': return !(left === right || (isUndefined(left) && isUndefined(right)));
    case '<': case '>': case '<=': case '>=': return pythonOrder(op, left, right);
    default: throw new Error(`unknown comparison operator ${op}`);
  }
}

const isNumber = (value: unknown): value is number | boolean => typeof value === 'number' || typeof value === 'boolean';
const isText = (value: unknown): boolean => typeof value === 'string' || value instanceof String;

/** JavaScript's `<`, `>`, `<=` or `>=`. */
function javaScriptOrder(op: string, left: any, right: any): boolean {
  return op === '<' ? left < right : op === '>' ? left > right : op === '<=' ? left <= right : left >= right;
}

/**
 * Python's `<`, `>`, `<=` and `>=`: numbers (booleans among them) by value, strings by their text, lists with lists
 * and tuples with tuples item by item (at the first unequal item, else by length: `[10] < [9]` is False, where
 * JavaScript compared the text `10` with `9`); any other two of Python's values are its TypeError
 * (`1 < 'a'`, `none < 1`: JavaScript's said False, True). A host object (a date) keeps JavaScript's comparison.
 */
function pythonOrder(op: string, left: unknown, right: unknown, depth = 0): boolean {
  failIfUndefined(left, right);
  const [a, b] = [numeric(left), numeric(right)];
  if (isNumber(a) && isNumber(b)) return javaScriptOrder(op, Number(a), Number(b));
  if (isText(left) && isText(right)) return javaScriptOrder(op, String(left), String(right));
  if (Array.isArray(left) && Array.isArray(right) && isPythonTuple(left) === isPythonTuple(right) && depth < 100) {
    const length = Math.min(left.length, right.length);
    for (let i = 0; i < length; i++) if (!jinjaEquals(left[i], right[i])) return pythonOrder(op, left[i], right[i], depth + 1);
    return javaScriptOrder(op, left.length, right.length);
  }
  const [leftType, rightType] = [pythonTypeName(left), pythonTypeName(right)];
  if (leftType !== undefined && rightType !== undefined) throw new Error(`'${op}' not supported between instances of '${leftType}' and '${rightType}'`);
  return javaScriptOrder(op, left, right);
}

/** `operands[0] ops[0] operands[1] ops[1] operands[2] ...`, as nunjucks' compiled templates call it (operands as thunks). */
export function jinjaCompareChain(ops: readonly string[], ...operands: Array<() => unknown>): boolean {
  let left = operands[0]!();
  for (let i = 0; i < ops.length; i++) {
    const right = operands[i + 1]!();
    if (!jinjaCompare(ops[i]!, left, right)) return false;
    left = right;
  }
  return true;
}
