import { jinjaEquals } from './python-operators.js';
import { failIfUndefined, isUndefined } from './jinja-undefined.js';

/*
 * A chain of comparisons as Jinja's (Python's): `a < b == c` is `a < b and b == c`, each operand evaluated once
 * and the chain stopping at the first false comparison. nunjucks emitted JavaScript's operators side by side,
 * so `1 < 2 == true` was `(1 < 2) == true`, True, where Jinja gives False, and `3 > 2 > 1` was False.
 */

/**
 * One comparison: `==` and `!=` Jinja's equality (lists and dicts by their items), the others JavaScript's; an
 * undefined operand of `<`, `>`, `<=` or `>=` raises Jinja's UndefinedError.
 */
export function jinjaCompare(op: string, left: any, right: any): boolean {
  if (op.length === 1 || op === '<=' || op === '>=') failIfUndefined(left, right);
  switch (op) {
    case '==': return jinjaEquals(left, right);
    case '!=': return !jinjaEquals(left, right);
    // nunjucks' `===` and `!==`: an undefined value (a JinjaUndefined or JavaScript's) is the same as another.
    case '===': return left === right || (isUndefined(left) && isUndefined(right));
    case '!==': return !(left === right || (isUndefined(left) && isUndefined(right)));
    case '<': return left < right;
    case '>': return left > right;
    case '<=': return left <= right;
    case '>=': return left >= right;
    default: throw new Error(`unknown comparison operator ${op}`);
  }
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
