import type { BinaryOp, Expr, PythonOp } from './lite-nodes.js';

/**
 * nunjucks compiles a comparison to a JavaScript operator WITHOUT parentheses around its operands, so
 * JavaScript re-parses it with its own precedence (one `==` or `!=` alone, and a chain `a < b == c`, are calls:
 * nunjucks-numbers.ts). Arithmetic, `~`, `and`, `or` and
 * `not` it is made to emit as calls (nunjucks-numbers.ts, nunjucks-jinja.ts, nunjucks-truthiness.ts), which
 * keep the grouping it parsed. The parser builds the nunjucks-shaped tree (ParseNode); `lower` flattens it into
 * the token sequence nunjucks would emit and re-parses that with JavaScript's precedence, a call being one operand.
 */
export type FlatOp = '||' | '&&' | BinaryOp;
export type Prefix = '!' | 'neg' | 'pos';

export type ParseNode =
  | { t: 'atom'; e: Expr }
  | { t: 'bin'; op: FlatOp | PythonOp; l: ParseNode; r: ParseNode }
  | { t: 'pre'; op: Prefix; x: ParseNode };

const PYTHON_OPS = new Set<string>(['+', '-', '*', '/', '//', '%', '**', '~', 'eq', 'ne']);
const isPythonOp = (op: FlatOp | PythonOp): op is PythonOp => PYTHON_OPS.has(op);

export const atom = (e: Expr): ParseNode => ({ t: 'atom', e });

/** Operands, binary operators and prefixes in emission order. */
type Flat = Array<Expr | { op: FlatOp } | { prefix: Prefix }>;

function flatten(node: ParseNode, out: Flat): void {
  switch (node.t) {
    case 'atom':
      out.push(node.e);
      return;
    case 'pre':
      // `not x` is emitted as a call on x whole (`!runtime.jinjaTruthy(x)`, nunjucks-truthiness.ts): one operand.
      if (node.op === '!') {
        out.push({ k: 'not', target: lower(node.x) });
        return;
      }
      out.push({ prefix: node.op });
      flatten(node.x, out);
      return;
    case 'bin':
      if (isPythonOp(node.op)) {
        // `runtime.pythonAdd(left, right)`: each argument a whole expression, the call one operand.
        out.push({ k: 'python', op: node.op, left: lower(node.l), right: lower(node.r) });
        return;
      }
      flatten(node.l, out);
      out.push({ op: node.op });
      flatten(node.r, out);
  }
}

const PRECEDENCE: Record<FlatOp, number> = {
  '||': 1, '&&': 2,
  '==': 3, '!=': 3, '===': 3, '!==': 3,
  '<': 4, '>': 4, '<=': 4, '>=': 4,
};

/** The expression JavaScript parses from `node`'s emitted code. */
export function lower(node: ParseNode): Expr {
  if (node.t === 'atom') return node.e;
  if (node.t === 'pre' && node.x.t === 'atom') return prefixed(node.op, node.x.e); // `not x`: nothing to re-associate
  const flat: Flat = [];
  flatten(node, flat);
  return lowerFlat(flat);
}

function prefixed(prefix: Prefix, target: Expr): Expr {
  return prefix === '!' ? { k: 'not', target } : prefix === 'neg' ? { k: 'neg', target } : { k: 'pos', target };
}

function lowerFlat(flat: Flat): Expr {
  let at = 0;
  const operand = (): Expr => {
    const item = flat[at++];
    if ('prefix' in item) return prefixed(item.prefix, operand());
    return item as Expr;
  };
  // Precedence climbing; every JavaScript binary operator used here is left-associative.
  const climb = (minPrecedence: number): Expr => {
    let left = operand();
    while (at < flat.length) {
      const op = (flat[at] as { op: FlatOp }).op;
      const precedence = PRECEDENCE[op];
      if (precedence < minPrecedence) break;
      at++;
      const right = climb(precedence + 1);
      left = op === '||' ? { k: 'or', left, right } : op === '&&' ? { k: 'and', left, right } : { k: 'binary', op, left, right };
    }
    return left;
  };
  return climb(0);
}
