import { jinjaTruthy } from './python-operators.js';

/*
 * Jinja's (Python's) truth in nunjucks' compiled templates: `{% if cols %}`, `a or b`, `a and b` and
 * `x if cols else y` test a value with jinjaTruthy, so an empty list or dict is false (JavaScript's `if ([])`
 * was true: `{% if except %}` ran with no columns to except). `a or b` is `a` when it is true, else `b`, which is
 * computed only then, as in Jinja; `a and b` the other way round. `not x` is `!runtime.jinjaTruthy(x)`: its
 * operand whole (nunjucks emitted `not a == b` as `!a == b`, JavaScript's `(!a) == b`, so
 * `{% if not target.name == 'prod' %}` was false on every target) and `not []` true.
 */

type NodeClass = (new (...args: unknown[]) => unknown) & { extend(name: string, props: { fields: string[] }): NodeClass };
interface Compiler { compile(node: unknown, frame: unknown): void; _emit(code: string): void }
interface Positioned { lineno: number; colno: number }

/** Installs Jinja's truth on the compiler (called once, when nunjucks is loaded). */
export function withJinjaTruthiness(nodes: { FunCall: NodeClass }, compiler: { Compiler: { prototype: Record<string, unknown> } }, runtime: Record<string, unknown>): void {
  Object.assign(runtime, {
    jinjaTruthy,
    jinjaAnd: (left: unknown, right: () => unknown) => (jinjaTruthy(left) ? right() : left),
    jinjaOr: (left: unknown, right: () => unknown) => (jinjaTruthy(left) ? left : right()),
  });
  // A FunCall to pass nunjucks' type checks of expressions (as `if` conditions are), compiled by compileTruthy.
  const Truthy = nodes.FunCall.extend('Truthy', { fields: ['target'] });
  const truthy = (node: Positioned) => (node instanceof Truthy ? node : new Truthy(node.lineno, node.colno, node) as Positioned);
  const proto = compiler.Compiler.prototype;
  proto.compileTruthy = function (this: Compiler, node: { target: unknown }, frame: unknown) {
    this._emit('runtime.jinjaTruthy(');
    this.compile(node.target, frame);
    this._emit(')');
  };
  for (const name of ['compileIf', 'compileInlineIf']) {
    const compile = proto[name] as (this: Compiler, node: { cond: Positioned }, ...rest: unknown[]) => unknown;
    proto[name] = function (this: Compiler, node: { cond: Positioned }, ...rest: unknown[]) {
      node.cond = truthy(node.cond);
      return compile.call(this, node, ...rest);
    };
  }
  const lazily = (helper: string) => function (this: Compiler, node: { left: unknown; right: unknown }, frame: unknown) {
    this._emit(`runtime.${helper}(`);
    this.compile(node.left, frame);
    this._emit(', function() { return ');
    this.compile(node.right, frame);
    this._emit('; })');
  };
  proto.compileAnd = lazily('jinjaAnd');
  proto.compileOr = lazily('jinjaOr');
  proto.compileNot = function (this: Compiler, node: { target: unknown }, frame: unknown) {
    this._emit('!runtime.jinjaTruthy(');
    this.compile(node.target, frame);
    this._emit(')');
  };
}
