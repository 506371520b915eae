import { isDict } from './python-collection-methods.js';
import { dictEntries, dictKeys } from './number-keys.js';

/*
 * Jinja's loop filter, `{% for x in xs if condition %}` (also `for k, v in d.items() if v`): the loop goes over the
 * items the condition holds for, so `loop.index`, `loop.length`, `loop.last` ... count those only, and the
 * loop's `{% else %}` runs when none is kept. nunjucks read `xs if condition` as an inline if without else and
 * looped over nothing. As in Jinja, the iterable is read without an inline if (`for x in a if c else b` is a
 * syntax error at `else`: write `(a if c else b)`), and the condition is any expression, reading the loop's
 * variables and the names outside the loop (an enclosing loop's `loop`; outside any, `loop` is a syntax error, as
 * Jinja's 'loop' is undefined there), never what the body sets.
 * The condition is computed for every item before the body first runs, where Jinja computes it item by item:
 * the two differ only when the body changes what the condition reads, so a condition reading a namespace() the
 * body sets an attribute of, or a list or dict the body changes (`{% do seen.append(c) %}`), is a syntax error
 * there. The lite path declines loop filters (lite-parser.ts).
 */

interface Token { type: string; value: string; lineno: number; colno: number }
interface Node { lineno: number; colno: number; value?: unknown; findAll(type: unknown): Node[] }
type NodeClass = (new (...args: unknown[]) => Node) & { extend(name: string, props: { fields: string[] }): NodeClass };
interface Parser {
  forIterable?: boolean;
  peekToken(): Token | null;
  skipSymbol(name: string): boolean;
  fail(message: string, lineno?: number, colno?: number): never;
  parseOr(): Node;
  parseExpression(): Node;
}
interface Frame { push(): Frame; set(name: string, value: string): void }
interface Compiler {
  compile(node: unknown, frame: Frame): void;
  fail(message: string, lineno?: number, colno?: number): never;
  _emit(code: string): void;
  _tmpid(): string;
}
interface FilteredNode extends Node { iterable: Node; condition: Node; targets: string[] }
interface ForNode extends Node { name: Node & { children?: Node[] }; arr: Node; body: Node }

/** Python's list and dict methods that change the object they are called on. */
const CHANGING_METHODS = new Set(['append', 'extend', 'insert', 'pop', 'remove', 'clear', 'reverse', 'sort', 'update', 'setdefault', 'popitem']);

/** The message for `else` after a loop filter's condition. */
export const LOOP_FILTER_ELSE_MESSAGE = "a for loop's iterable cannot be an inline if ('if' after it filters the items):"
  + " write it in parentheses, {% for x in (a if condition else b) %}";

/**
 * The items of `value` a loop with `targets` variables goes over whose condition `keep` holds, as nunjucks
 * iterates them (a dict: its keys for one variable, its key-value pairs for more); a value nunjucks does not
 * loop over at all (none, undefined, '') is returned as it is.
 */
export function loopFilter(value: unknown, targets: number, frame: unknown, keep: (frame: unknown, ...values: unknown[]) => boolean): unknown {
  if (!value) return value;
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = value.split('');
  else if (typeof value === 'object' && Symbol.iterator in value) items = Array.from(value as Iterable<unknown>);
  else if (isDict(value)) items = targets === 1 ? dictKeys(value) : dictEntries(value);
  else return value;
  if (targets === 1) return items.filter((item) => keep(frame, item));
  return items.filter((item) => keep(frame, ...Array.from({ length: targets }, (_, u) => (item as Record<number, unknown>)[u])));
}

/** Installs loop filters on nunjucks' parser and compiler (called once, when nunjucks is loaded). */
export function withLoopFilters(parser: { Parser: { prototype: Record<string, unknown> } }, nodes: { FunCall: NodeClass; Symbol: NodeClass; Set: NodeClass; LookupVal: NodeClass },
  compiler: { Compiler: { prototype: Record<string, unknown> } }, runtime: Record<string, unknown>): void {
  // A FunCall, so nunjucks compiles it where it compiles an expression (the loop's iterable).
  const Filtered = nodes.FunCall.extend('FilteredLoop', { fields: ['iterable', 'condition'] });
  const parserProto = parser.Parser.prototype;
  const parseFor = parserProto.parseFor as (this: Parser) => unknown;
  parserProto.parseFor = function (this: Parser) {
    this.forIterable = true;
    try {
      return parseFor.call(this);
    } finally {
      this.forIterable = false;
    }
  };
  // The first expression a for tag reads is its iterable.
  const parseInlineIf = parserProto.parseInlineIf as (this: Parser) => Node;
  parserProto.parseInlineIf = function (this: Parser) {
    if (!this.forIterable) return parseInlineIf.call(this);
    this.forIterable = false;
    const iterable = this.parseOr();
    if (!this.skipSymbol('if')) return iterable;
    const condition = this.parseExpression();
    const after = this.peekToken();
    if (after?.type === 'symbol' && after.value === 'else') this.fail(LOOP_FILTER_ELSE_MESSAGE, after.lineno, after.colno);
    return new Filtered(iterable.lineno, iterable.colno, iterable, condition);
  };

  runtime.loopFilter = loopFilter;
  const proto = compiler.Compiler.prototype;
  proto.compileFilteredLoop = function (this: Compiler, node: FilteredNode, frame: Frame) {
    this._emit('runtime.loopFilter(');
    this.compile(node.iterable, frame);
    // The condition is a function of the loop's variables, run in a frame of its own inside the loop's.
    const inner = frame.push();
    const ids = node.targets.map((name) => {
      const id = this._tmpid();
      inner.set(name, id);
      return id;
    });
    this._emit(`, ${node.targets.length}, frame, function(frame, ${ids.join(', ')}) { frame = frame.push(); `);
    node.targets.forEach((name, i) => this._emit(`frame.set(${JSON.stringify(name)}, ${ids[i]}); `));
    this._emit('return runtime.jinjaTruthy(');
    this.compile(node.condition, inner);
    this._emit('); })');
  };
  type Lookup = Node & { target: Node; val: Node };
  const member = (node: unknown): Lookup | undefined =>
    (node instanceof nodes.LookupVal && (node as Lookup).target instanceof nodes.Symbol ? node as Lookup : undefined);
  /** The names whose values `body` changes in place: a namespace's attribute set, a list or dict method that changes it. */
  const changedIn = (body: Node): Map<string, string> => {
    const changed = new Map<string, string>();
    for (const set of body.findAll(nodes.Set) as Array<Node & { targets: Node[] }>) {
      for (const target of set.targets.map(member)) if (target) changed.set(String(target.target.value), `{% set ${String(target.target.value)}.${String(target.val.value)} %}`);
    }
    for (const call of body.findAll(nodes.FunCall) as Array<Node & { name?: Node }>) {
      const method = member(call.name);
      if (method && CHANGING_METHODS.has(String(method.val.value))) changed.set(String(method.target.value), `${String(method.target.value)}.${String(method.val.value)}()`);
    }
    return changed;
  };
  const compileFor = proto.compileFor as (this: Compiler, node: ForNode, frame: Frame) => unknown;
  proto.compileFor = function (this: Compiler, node: ForNode, frame: Frame) {
    if (node.arr instanceof Filtered) {
      const filtered = node.arr as FilteredNode;
      filtered.targets = (node.name.children ?? [node.name]).map((target) => String(target.value));
      const condition = filtered.condition;
      const reads = [...(condition instanceof nodes.Symbol ? [condition] : []), ...condition.findAll(nodes.Symbol)];
      // An enclosing loop's `loop` is seen (loopDepth counts the loops being compiled, nunjucks-jinja's withLoopControls).
      const ownLoop = (this as Compiler & { loopDepth?: number }).loopDepth ? undefined : reads.find((symbol) => symbol.value === 'loop');
      if (ownLoop) {
        this.fail("a loop filter cannot read its own loop's 'loop' (Jinja: 'loop' is undefined there): test loop.index inside the loop",
          ownLoop.lineno, ownLoop.colno);
      }
      for (const [name, how] of changedIn(node.body)) {
        const read = reads.find((symbol) => symbol.value === name);
        if (!read) continue;
        this.fail(`this loop filter reads '${name}', which the loop's body changes (${how}): Jinja would filter each item after the body ran for the one before,`
          + ' which is not supported: test the condition inside the loop ({% for x in xs %}{% if condition %}...{% endif %}{% endfor %})',
        read.lineno, read.colno);
      }
    }
    return compileFor.call(this, node, frame);
  };
}
