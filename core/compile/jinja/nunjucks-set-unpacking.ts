/*
 * Jinja's `{% set a, b = value %}`: the value (a list, a tuple: `{% set a, b = 1, 2 %}`) unpacked into the names,
 * as Python assigns (`{% set schema, table = relation_name.split('.') %}`); too many or too few values fail as
 * Python's do; a block's text is unpacked as a string (`{% set a, b %}x{% endset %}` fails: one value, two names).
 * nunjucks gave every name the whole value, and read no tuple after `=`.
 */

interface Token { type: string; value: string; lineno: number; colno: number }
type Node = { lineno: number; colno: number };
type NodeClass = (new (...args: unknown[]) => Node) & { extend(name: string, props: object): NodeClass };
interface ParserModule { Parser: { prototype: Record<string, unknown> } }
interface NodesModule { Array: NodeClass; FunCall: NodeClass }
interface CompilerModule { Compiler: { prototype: Record<string, unknown> } }
interface Compiler {
  compile(node: unknown, frame: unknown): void;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
}
interface SetNode { targets: unknown[]; value: unknown; body: unknown; lineno: number; colno: number }

/** The values a `{% set %}` with `count` names unpacks, as Python unpacks them. */
export function unpackValues(value: unknown, count: number): unknown[] {
  const text = value instanceof String ? String(value) : value;
  const items = typeof text === 'string' ? [...text] : Array.isArray(text) ? text : undefined;
  if (!items) throw new Error(`cannot unpack ${value === null || value === undefined ? 'None' : typeof value} into ${count} names`);
  if (items.length > count) throw new Error(`too many values to unpack (expected ${count})`);
  if (items.length < count) throw new Error(`not enough values to unpack (expected ${count}, got ${items.length})`);
  return items;
}

export function withSetUnpacking(parser: ParserModule, nodes: NodesModule, compiler: CompilerModule, runtime: Record<string, unknown>): void {
  type SetParser = {
    setValue?: 'pending' | 'next';
    peekToken(): Token | null;
    nextToken(): Token;
    skip(type: string): boolean;
  };
  const proto = parser.Parser.prototype;
  const parseSet = proto.parseSet as (this: SetParser) => unknown;
  proto.parseSet = function (this: SetParser) {
    const outer = this.setValue;
    this.setValue = 'pending';
    try {
      return parseSet.call(this);
    } finally {
      this.setValue = outer;
    }
  };
  // The `=` of a set tag: the expression parsed next is its value, which may be a tuple.
  const skipValue = proto.skipValue as (this: SetParser, type: string, value: string) => boolean;
  proto.skipValue = function (this: SetParser, type: string, value: string) {
    const skipped = skipValue.call(this, type, value);
    if (skipped && this.setValue === 'pending' && type === 'operator' && value === '=') this.setValue = 'next';
    return skipped;
  };
  const parseExpression = proto.parseExpression as (this: SetParser) => Node;
  proto.parseExpression = function (this: SetParser) {
    if (this.setValue !== 'next') return parseExpression.call(this);
    this.setValue = undefined;
    const first = parseExpression.call(this);
    if (this.peekToken()?.type !== 'comma') return first;
    const items = [first];
    while (this.skip('comma') && this.peekToken()?.type !== 'block-end') items.push(parseExpression.call(this));
    return Object.assign(new nodes.Array(first.lineno, first.colno, items), { isTuple: true });
  };

  runtime.unpackValues = unpackValues;
  // The value unpacked (a FunCall, so nunjucks compiles it where it compiles an expression), then item `index` of it.
  const Unpacked = nodes.FunCall.extend('Unpacked', { fields: ['id', 'index'] });
  const compilerProto = compiler.Compiler.prototype;
  compilerProto.compileUnpacked = function (this: Compiler, node: { id: string; index: number }) {
    this._emit(`${node.id}[${node.index}]`);
  };
  const compileSet = compilerProto.compileSet as (this: Compiler, node: SetNode, frame: unknown) => void;
  compilerProto.compileSet = function (this: Compiler, node: SetNode, frame: unknown) {
    if (node.targets.length < 2) return compileSet.call(this, node, frame);
    const id = this._tmpid();
    this._emit(`var ${id} = runtime.unpackValues(`);
    // A block (`{% set a, b %}...{% endset %}`) unpacks its text, as Python unpacks a string: one name a character.
    this.compile(node.value ?? node.body, frame);
    // At the tag once the value is computed: where a failed unpacking is reported.
    this._emitLine(`, ${node.targets.length}, (lineno = ${node.lineno}, colno = ${node.colno}));`);
    node.targets.forEach((target, index) => {
      compileSet.call(this, { ...node, targets: [target], value: new Unpacked(node.lineno, node.colno, id, index), body: null }, frame);
    });
  };
}
