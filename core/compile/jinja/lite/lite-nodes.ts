/**
 * The lite engine's parsed form. Expressions are already re-associated the way JavaScript
 * parses the code nunjucks emits for them (see lite-lower.ts), so evaluating this tree with
 * JavaScript's own operators gives nunjucks' results.
 */

export type FilterName =
  | 'join' | 'length' | 'upper' | 'lower' | 'trim' | 'default' | 'replace' | 'string'
  | 'int' | 'float' | 'first' | 'last' | 'list';

/** Jinja's arithmetic, `~`, and a comparison's one `==` (eq) or `!=` (ne). */
export type PythonOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '~' | 'eq' | 'ne';
export type BinaryOp = '==' | '!=' | '===' | '!==' | '<' | '>' | '<=' | '>=';

/** A name: `slot >= 0` is a compile-time binding (loop variable, positional macro parameter). */
export interface SymbolExpr {
  k: 'sym';
  name: string;
  slot: number;
}

export type Expr =
  | { k: 'lit'; value: unknown }
  | SymbolExpr
  /** A list, or a tuple (`(a, b)`, `(a,)`: python-tuple.ts). */
  | { k: 'array'; items: Expr[]; tuple?: boolean }
  | { k: 'dict'; keys: string[]; values: Expr[] }
  | { k: 'lookup'; target: Expr; key: Expr }
  | { k: 'call'; callee: Expr; args: Expr[]; kwNames: string[]; kwValues: Expr[] }
  | { k: 'filter'; name: FilterName; args: Expr[] }
  | { k: 'cond'; test: Expr; then: Expr; otherwise: Expr }
  | { k: 'in'; left: Expr; right: Expr }
  | { k: 'and'; left: Expr; right: Expr }
  | { k: 'or'; left: Expr; right: Expr }
  | { k: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  /** A chain of two or more comparisons (`a < b == c`), Jinja's (jinja-comparisons.ts). */
  | { k: 'chain'; ops: BinaryOp[]; operands: Expr[] }
  /** `value[start:stop:step]` (pythonSlice); a bound not written is null. */
  | { k: 'slice'; target: Expr; start: Expr | null; stop: Expr | null; step: Expr | null }
  /** Jinja's arithmetic and `~` (python-operators.ts): nunjucks is made to emit them as calls, grouped as parsed. */
  | { k: 'python'; op: PythonOp; left: Expr; right: Expr }
  | { k: 'not'; target: Expr }
  | { k: 'neg'; target: Expr }
  | { k: 'pos'; target: Expr };

/** Where `{% set %}` writes: the template context (top level), the macro's frame, a parameter, or a namespace()'s attribute. */
export type SetTarget =
  | { k: 'context'; name: string }
  | { k: 'frame'; name: string }
  | { k: 'local'; slot: number }
  | { k: 'attribute'; object: SymbolExpr; name: string };

export type Stmt =
  | { k: 'text'; text: string }
  | { k: 'output'; expr: Expr }
  | { k: 'if'; test: Expr; then: Stmt[]; otherwise: Stmt[] | null }
  | { k: 'for'; slots: number[]; iterable: Expr; body: Stmt[] }
  | { k: 'set'; target: SetTarget; expr: Expr }
  | { k: 'macro'; def: MacroDef };

/** A parsed `{% macro %}`: positional parameters are slots 0..n-1 of its activation. */
export interface MacroDef {
  name: string;
  positional: string[];
  defaults: Array<{ name: string; expr: Expr }>;
  body: Stmt[];
  slotCount: number;
}
