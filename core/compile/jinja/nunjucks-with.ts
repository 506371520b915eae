/*
 * Jinja's `{% with a = 1, b = x %}...{% endwith %}` for nunjucks, which has no such tag: the values are
 * computed outside the block, and the names they are given, as well as every name a `{% set %}` in the
 * block gives a value, are the block's own (outside it they keep their values), as in Jinja.
 * The lite path has no `with` tag: it declines templates using one, and nunjucks renders them.
 */

import { namesReadBeforeSet, namesSetIn } from './nunjucks-set-names.js';

interface Token { type: string; value: string; lineno: number; colno: number }
interface Parser {
  nextToken(): Token;
  peekToken(): Token | null;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  fail(message: string, lineno?: number, colno?: number): never;
  parseExpression(): unknown;
  parseUntilBlocks(...names: string[]): unknown;
  advanceAfterBlockEnd(name?: string): void;
}
interface Node { typename: string; fields: string[]; [field: string]: unknown }
type NodeClass = (new (...args: unknown[]) => unknown) & { extend(name: string, props: { fields: string[] }): NodeClass };
interface Frame { push(isolateWrites?: boolean): Frame; set(name: string, value: string): void; lookup(name: string): string | undefined }
interface Compiler {
  compile(node: unknown, frame: Frame): void;
  _compileExpression(node: unknown, frame: Frame): void;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
}

/** Macros keep what they set to themselves. */
const MACROS: ReadonlySet<string> = new Set(['Macro']);

/** The With node WithTag makes: `names[i]` is given `values[i]` in `body`. */
let With: NodeClass | undefined;

/** Defines the With node and how it compiles (called once, when nunjucks is loaded). */
export function withWithBlocks(nodes: { Node: NodeClass }, compiler: { Compiler: { prototype: Record<string, unknown> } }): void {
  With = nodes.Node.extend('With', { fields: ['names', 'values', 'body'] });
  compiler.Compiler.prototype.compileWith = function (this: Compiler, node: { names: string[]; values: unknown[]; body: Node & { children: unknown[] } }, frame: Frame) {
    const values = node.values.map((value) => {
      const id = this._tmpid();
      this._emit(`var ${id} = `);
      this._compileExpression(value, frame);
      this._emitLine(';');
      return id;
    });
    const inner = frame.push(true);
    this._emitLine('frame = frame.push(true);');
    const bind = (name: string, id: string) => {
      inner.set(name, id);
      this._emitLine(`frame.set(${JSON.stringify(name)}, ${id});`);
    };
    node.names.forEach((name, i) => bind(name, values[i]!));
    // A name set in the block gets a variable of the block's, starting with the value it has outside (looked up
    // without being reported when the block sets it before reading it, nunjucks-undefined.ts).
    const own = [...namesSetIn(node.body, MACROS)].filter((name) => !node.names.includes(name));
    const read = namesReadBeforeSet(node.body, own);
    for (const name of own) {
      const id = this._tmpid();
      const outside = frame.lookup(name);
      const quiet = read.has(name) ? '' : ', true';
      this._emitLine(`var ${id} = ${outside ?? `runtime.contextOrFrameLookup(context, frame, ${JSON.stringify(name)}${quiet})`};`);
      bind(name, id);
    }
    this.compile(node.body, inner);
    this._emitLine('frame = frame.pop();');
  };
}

/** Jinja's `{% with name = value, ... %}...{% endwith %}` tag (see withWithBlocks). */
export class WithTag {
  readonly tags = ['with'];

  parse(parser: Parser): unknown {
    const tag = parser.nextToken();
    const names: string[] = [];
    const values: unknown[] = [];
    while (parser.peekToken()?.type !== 'block-end') {
      if (names.length && !parser.skip('comma')) {
        const at = parser.peekToken();
        parser.fail("{% with %}: expected ',' between assignments (with a = 1, b = 2)", at?.lineno, at?.colno);
      }
      const name = parser.nextToken();
      if (name?.type !== 'symbol') parser.fail('{% with %}: expected a name to assign (with a = 1)', name?.lineno ?? tag.lineno, name?.colno ?? tag.colno);
      if (!parser.skipValue('operator', '=')) parser.fail(`{% with %}: expected '=' after '${name.value}' (with ${name.value} = value)`, name.lineno, name.colno);
      names.push(name.value);
      values.push(parser.parseExpression());
    }
    parser.advanceAfterBlockEnd(tag.value);
    const body = parser.parseUntilBlocks('endwith');
    parser.advanceAfterBlockEnd();
    return new With!(tag.lineno, tag.colno, names, values, body);
  }
}
