import { namesReadBeforeSet, namesSetIn } from './nunjucks-set-names.js';

/*
 * Jinja's scoping of `{% set %}` in a for loop: each pass of the body (and the loop's `{% else %}`) has its own
 * variables, so a name set there keeps its value only until the pass ends. The next pass, and the template
 * after `endfor`, see the value from outside the loop again (a `namespace()` attribute is how a value leaves
 * a loop, jinja-namespace.ts). nunjucks wrote the value into the variable outside the loop: after
 * `{% set x = 0 %}{% for i in xs %}{% set x = i %}{% endfor %}`, x was the last item instead of 0.
 * Each pass starts by giving every name set in the body a variable of its own, holding the value from outside,
 * as nunjucks-with.ts does for a with block. The lite path declines a set inside a loop (lite-parser.ts).
 */

interface Node { typename: string; fields: string[]; lineno: number; colno: number; [field: string]: unknown }
type NodeClass = (new (...args: unknown[]) => Node) & { extend(name: string, props: { fields: string[] }): NodeClass };
interface Frame { parent: Frame | null; set(name: string, value: string): void; lookup(name: string): string | undefined }
interface Compiler {
  _emitLine(code: string): void;
  _tmpid(): string;
}
interface ForNode extends Node { name: Node & { children?: Node[] }; body: Node & { children: Node[] }; else_: (Node & { children: Node[] }) | null }

/** What keeps what it sets to itself: macros, call blocks, and nested loops (they get their own scope). */
const SCOPES: ReadonlySet<string> = new Set(['Macro', 'Caller', 'For', 'AsyncEach', 'AsyncAll']);

/** Gives for loops Jinja's scoping (called once, when nunjucks is loaded). */
export function withLoopScopes(nodes: { Node: NodeClass }, compiler: { Compiler: { prototype: Record<string, unknown> } }): void {
  // The first statement of a pass (or of the else block): `names` get variables of their own.
  // `read`: the names of `names` the block may read before setting them; the others' values outside are looked up
  // without being reported (nunjucks-undefined.ts): the render does not depend on them.
  const LoopScope = nodes.Node.extend('LoopScope', { fields: ['names', 'read'] });
  const proto = compiler.Compiler.prototype;
  proto.compileLoopScope = function (this: Compiler, node: { names: string[]; read: string[] }, frame: Frame) {
    for (const name of node.names) {
      const id = this._tmpid();
      // Outside the loop: the frames around it when compiling, `frame.parent` (the loop's is `frame`) at run time.
      const outside = frame.parent?.lookup(name);
      const quiet = node.read.includes(name) ? '' : ', true';
      this._emitLine(`var ${id} = ${outside ?? `runtime.contextOrFrameLookup(context, frame.parent, ${JSON.stringify(name)}${quiet})`};`);
      frame.set(name, id);
      this._emitLine(`frame.set(${JSON.stringify(name)}, ${id});`);
    }
  };
  const scoped = (block: ForNode['body'] | null, names: Iterable<string>) => {
    if (!block || block.children[0] instanceof LoopScope) return;
    const own = [...names];
    if (own.length) block.children.unshift(new LoopScope(block.lineno, block.colno, own, [...namesReadBeforeSet(block, own)]));
  };
  const compileFor = proto.compileFor as (this: Compiler, node: ForNode, frame: Frame) => unknown;
  proto.compileFor = function (this: Compiler, node: ForNode, frame: Frame) {
    // The loop's own variables are already the pass's.
    const targets = new Set((node.name.children ?? [node.name]).map((target) => String(target.value)));
    const inBody = namesSetIn(node.body, SCOPES);
    scoped(node.body, [...inBody].filter((name) => !targets.has(name)));
    // The else block is compiled after the body: the names the body bound are bound again, to the values outside.
    scoped(node.else_, namesSetIn(node.else_, SCOPES, inBody));
    return compileFor.call(this, node, frame);
  };
}
