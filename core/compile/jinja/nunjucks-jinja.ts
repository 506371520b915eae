import { createRequire } from 'node:module';
import type nunjucksTypes from 'nunjucks';
import { withReturnSlot } from './macro-return.js';
import { bindMacroArguments, type MacroSignature } from './macro-arguments.js';
import { setNamespaceAttribute } from './jinja-namespace.js';
import { isDict, pythonCollectionMethod } from './python-collection-methods.js';
import { pythonAdd, pythonIndex, pythonMultiply, pythonSlice } from './python-operators.js';
import { pythonStringMethod } from './python-string-methods.js';
import { printed } from './python-repr.js';
import { pythonTuple } from './python-tuple.js';
import { withWithBlocks } from './nunjucks-with.js';
import { withPythonStrings } from './nunjucks-strings.js';
import { withPythonNumbers } from './nunjucks-numbers.js';
import { withSetUnpacking } from './nunjucks-set-unpacking.js';
import { withRecursiveLoopErrors } from './nunjucks-recursive-loops.js';
import { withJinjaTruthiness } from './nunjucks-truthiness.js';
import { withLoopScopes } from './nunjucks-loop-scopes.js';
import { withLoopFilters } from './nunjucks-loop-filters.js';
import { withJinjaUndefined } from './nunjucks-undefined.js';
import { JinjaUndefined, markMacro } from './jinja-undefined.js';
import { dictKeys } from './number-keys.js';

/*
 * nunjucks made to read templates as Jinja2 (and dbt) do where the two differ: the module is patched once,
 * when it is first loaded, and every environment made from it has the patches.
 */

type Nunjucks = typeof nunjucksTypes;
let loaded: Nunjucks | undefined;

/**
 * nunjucks, loaded on first use (projects whose models all take the fast path never load it), with its
 * tokenizer counting braces as Jinja2's does and Python's string methods on strings.
 */
export function nunjucksModule(): Nunjucks {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  loaded = require('nunjucks') as Nunjucks;
  closeTagsAtBalancedBraces(require('nunjucks/src/lexer') as NunjucksLexerModule);
  withPythonStrings(require('nunjucks/src/lexer'), require('nunjucks/src/lib'));
  withPythonMethods(require('nunjucks/src/runtime') as NunjucksRuntimeModule);
  withPythonOperators(require('nunjucks/src/compiler') as NunjucksCompilerModule, require('nunjucks/src/runtime') as Record<string, unknown>);
  withPythonNumbers(require('nunjucks/src/lexer'), require('nunjucks/src/parser'), require('nunjucks/src/nodes'), require('nunjucks/src/compiler'),
    require('nunjucks/src/runtime') as Record<string, unknown>);
  withSlices(require('nunjucks/src/parser') as NunjucksParserModule, require('nunjucks/src/nodes') as NunjucksNodeModule,
    require('nunjucks/src/compiler') as NunjucksCompilerModule, require('nunjucks/src/runtime') as Record<string, unknown>);
  withNamespaceAttributes(require('nunjucks/src/nodes') as NunjucksNodeModule, require('nunjucks/src/compiler') as NunjucksCompilerModule,
    require('nunjucks/src/runtime') as Record<string, unknown>);
  withCheckedMacroArguments(require('nunjucks/src/nodes') as NunjucksNodeModule, require('nunjucks/src/compiler') as NunjucksCompilerModule,
    require('nunjucks/src/runtime') as Record<string, unknown>);
  withErrorPositions(require('nunjucks/src/lib') as NunjucksLibModule);
  withFilterPositions(require('nunjucks/src/compiler') as NunjucksCompilerModule, require('nunjucks/src/runtime') as Record<string, unknown>);
  withPythonPrinting(require('nunjucks/src/runtime') as Record<string, unknown>);
  withLoopControls(require('nunjucks/src/nodes') as NunjucksNodeModule, require('nunjucks/src/compiler') as NunjucksCompilerModule,
    require('nunjucks/src/runtime') as Record<string, unknown>);
  withWithBlocks(require('nunjucks/src/nodes') as NunjucksNodeModule, require('nunjucks/src/compiler') as NunjucksCompilerModule);
  withRecursiveLoopErrors(require('nunjucks/src/parser') as NunjucksParserModule);
  withJinjaTruthiness(require('nunjucks/src/nodes') as NunjucksNodeModule, require('nunjucks/src/compiler') as NunjucksCompilerModule,
    require('nunjucks/src/runtime') as Record<string, unknown>);
  withBareTestArguments(require('nunjucks/src/parser') as NunjucksParserModule, require('nunjucks/src/nodes') as NunjucksNodeModule);
  withTrailingCommas(require('nunjucks/src/parser') as NunjucksParserModule, require('nunjucks/src/nodes') as NunjucksNodeModule);
  withTrimmedSetBlocks(require('nunjucks/src/parser') as NunjucksParserModule);
  withSetUnpacking(require('nunjucks/src/parser'), require('nunjucks/src/nodes'), require('nunjucks/src/compiler'), require('nunjucks/src/runtime') as Record<string, unknown>);
  withDictKeyLoops(require('nunjucks/src/nodes') as NunjucksNodeModule, require('nunjucks/src/compiler') as NunjucksCompilerModule,
    require('nunjucks/src/runtime') as Record<string, unknown>);
  withLoopScopes(require('nunjucks/src/nodes'), require('nunjucks/src/compiler'));
  withLoopFilters(require('nunjucks/src/parser'), require('nunjucks/src/nodes'), require('nunjucks/src/compiler'), require('nunjucks/src/runtime') as Record<string, unknown>);
  // Last: it wraps the runtime's member lookup, calls and filters as the patches above leave them.
  withJinjaUndefined(require('nunjucks/src/nodes') as NunjucksNodeModule, require('nunjucks/src/compiler') as NunjucksCompilerModule,
    require('nunjucks/src/runtime') as Record<string, unknown>);
  return loaded;
}

/** The loop-control node LoopControlTag makes: `{% break %}` or `{% continue %}`. */
let LoopControl: NodeClass | undefined;

/**
 * Jinja's loop controls, which dbt enables: `{% break %}` and `{% continue %}` compile to JavaScript's, as
 * nunjucks compiles a for loop to a JavaScript loop. Outside a for loop (also in a macro or a set block inside
 * one, compiled to functions) they are a syntax error at the tag.
 */
function withLoopControls(nodes: NunjucksNodeModule, compiler: NunjucksCompilerModule, runtime: Record<string, unknown>): void {
  LoopControl = nodes.Node.extend('LoopControl', { fields: ['control'] });
  const proto = compiler.Compiler.prototype;
  type Counted = NunjucksCompiler & { loopDepth?: number };
  const counting = (name: string, change: (depth: number) => number) => {
    const compile = proto[name] as (this: Counted, ...args: unknown[]) => unknown;
    proto[name] = function (this: Counted, ...args: unknown[]) {
      const depth = this.loopDepth ?? 0;
      this.loopDepth = change(depth);
      try {
        return compile.apply(this, args);
      } finally {
        this.loopDepth = depth;
      }
    };
  };
  counting('compileFor', (depth) => depth + 1);
  counting('_compileMacro', () => 0);
  counting('compileCapture', () => 0);
  withLoopAttributes(proto, runtime);
  proto.compileLoopControl = function (this: Counted, node: { control: string; lineno: number; colno: number }) {
    if (!this.loopDepth) this.fail(`{% ${node.control} %} is only allowed inside a for loop`, node.lineno, node.colno);
    this._emitLine(`${node.control};`);
  };
}

/**
 * A for loop with one variable over a dict goes over its keys, as in Jinja (nunjucks went over nothing: the
 * loop's body never ran). `for k, v in d` keeps nunjucks' reading, the keys and values. An undefined value
 * (jinja-undefined.ts) is iterated as nothing, with either.
 */
function withDictKeyLoops(nodes: NunjucksNodeModule, compiler: NunjucksCompilerModule, runtime: Record<string, unknown>): void {
  runtime.jinjaIterable = (value: unknown, pairs: boolean) => (value instanceof JinjaUndefined ? [] : !pairs && isDict(value) ? dictKeys(value) : value);
  // A FunCall to nunjucks' type checks of expressions, compiled by compileIterated.
  const Iterated = nodes.FunCall.extend('Iterated', { fields: ['target', 'pairs'] });
  const proto = compiler.Compiler.prototype;
  proto.compileIterated = function (this: NunjucksCompiler, node: { target: unknown; pairs: boolean }, frame: unknown) {
    this._emit('runtime.jinjaIterable(');
    this.compile(node.target, frame);
    this._emit(`, ${node.pairs})`);
  };
  type ForNode = { name: unknown; arr: { lineno: number; colno: number } };
  const compileFor = proto.compileFor as (this: NunjucksCompiler, node: ForNode, frame: unknown) => void;
  proto.compileFor = function (this: NunjucksCompiler, node: ForNode, frame: unknown) {
    if (!(node.arr instanceof Iterated)) node.arr = new Iterated(node.arr.lineno, node.arr.colno, node.arr, node.name instanceof nodes.Array) as ForNode['arr'];
    return compileFor.call(this, node, frame);
  };
}

/**
 * The attributes of Jinja's `loop` that nunjucks' lacks (it has index, index0, revindex, revindex0, first, last
 * and length): `loop.previtem` and `loop.nextitem` (undefined at the ends, as Jinja's), `loop.cycle('odd', 'even')`, `loop.changed(x)`,
 * and `loop.depth` / `loop.depth0` (1 and 0: Jinja's count recursive loops, which templates do not have).
 */
function withLoopAttributes(proto: Record<string, unknown>, runtime: Record<string, unknown>): void {
  runtime.loopChanged = () => {
    let last: unknown[] | undefined;
    return (...values: unknown[]) => {
      const changed = last === undefined || last.length !== values.length || values.some((value, i) => value !== last![i]);
      last = values;
      return changed;
    };
  };
  const emitBindings = proto._emitLoopBindings as (this: NunjucksCompiler, node: unknown, arr: string, i: string, len: string) => void;
  proto._emitLoopBindings = function (this: NunjucksCompiler, node: unknown, arr: string, i: string, len: string) {
    emitBindings.call(this, node, arr, i, len);
    this._emitLine(`frame.set("loop.previtem", runtime.isArray(${arr}) && ${i} > 0 ? ${arr}[${i} - 1] : undefined);`);
    this._emitLine(`frame.set("loop.nextitem", runtime.isArray(${arr}) && ${i} < ${len} - 1 ? ${arr}[${i} + 1] : undefined);`);
    // Not enumerable: `{{ loop }}` prints the values only.
    this._emitLine(`Object.defineProperty(frame.variables.loop, "cycle", { configurable: true, writable: true, value: function() { return arguments.length ? arguments[${i} % arguments.length] : undefined; } });`);
    // loop.changed(value, ...): whether the values differ from those of its last call (true at the first), kept by the loop.
    this._emitLine('if (!Object.prototype.hasOwnProperty.call(frame.variables.loop, "changed")) Object.defineProperty(frame.variables.loop, "changed", { configurable: true, writable: true, value: runtime.loopChanged() });');
    this._emitLine('frame.set("loop.depth", 1);');
    this._emitLine('frame.set("loop.depth0", 0);');
  };
}

/** Jinja's `{% break %}` and `{% continue %}` tags (see withLoopControls). */
export class LoopControlTag {
  readonly tags = ['break', 'continue'];

  parse(parser: NunjucksParser): unknown {
    const tag = parser.nextToken();
    parser.advanceAfterBlockEnd(tag.value);
    return new LoopControl!(tag.lineno, tag.colno, tag.value);
  }
}

/**
 * Jinja's tests as Jinja reads them: the test's name (`none`, `true` and `false` are names there), then its
 * arguments in parentheses, or one argument without them, `n is divisibleby 3`, `x is sameas false`,
 * `c is in ['a', 'b']`, read as Jinja reads it, a primary with its postfixes (nunjucks read the name as an
 * expression: `in ['a']` was an index into a variable named in, and `is divisibleby 3` failed at `3`).
 */
function withBareTestArguments(parser: NunjucksParserModule, nodes: NunjucksNodeModule): void {
  const names = new Set(['symbol', 'none', 'boolean']);
  const starts = new Set(['symbol', 'string', 'int', 'float', 'boolean', 'none', 'left-bracket', 'left-curly']);
  const notArguments = new Set(['else', 'or', 'and', 'if', 'is', 'in', 'not']);
  type IsParser = NunjucksPostfixParser & { parseCompare(): { lineno: number; colno: number }; skipSymbol(name: string): boolean; parsePrimary(noPostfix?: boolean): unknown };
  parser.Parser.prototype.parseIs = function (this: IsParser) {
    let node: unknown = this.parseCompare();
    if (!this.skipSymbol('is')) return node;
    const not = this.skipSymbol('not');
    const name = this.peekToken();
    let test: unknown;
    if (name && names.has(name.type)) {
      this.nextToken();
      test = new nodes.Symbol(name.lineno, name.colno, name.value);
      const next = this.peekToken();
      if (next?.type === 'left-paren') {
        test = new nodes.FunCall(name.lineno, name.colno, test, this.parseSignature());
      } else if (next && starts.has(next.type) && !(next.type === 'symbol' && notArguments.has(next.value))) {
        const argument = this.parsePrimary();
        test = new nodes.FunCall(name.lineno, name.colno, test, new nodes.NodeList(next.lineno, next.colno, [argument]));
      }
    } else {
      test = this.parseCompare();
    }
    const { lineno, colno } = node as { lineno: number; colno: number };
    node = new nodes.Is(lineno, colno, node, test);
    return not ? new nodes.Not(lineno, colno, node) : node;
  };
}

/**
 * Jinja prints a dict as Python's repr (python-repr.ts): compiled templates print `{{ value }}` through the
 * runtime module's suppressValue, so wrapping it there reaches every template.
 */
function withPythonPrinting(runtime: Record<string, unknown>): void {
  const suppressValue = runtime.suppressValue as (value: unknown, autoescape: boolean) => unknown;
  runtime.suppressValue = (value: unknown, autoescape: boolean) => suppressValue(printed(value), autoescape);
}

/**
 * A filter's error is reported at the filter (`{{ name | truncate(2) }}`): nunjucks kept the position of the
 * last function called before it (the template's start when there was none). The position is set once the
 * arguments are computed, as a function call's is, and the filter then applied.
 */
function withFilterPositions(compiler: NunjucksCompilerModule, runtime: Record<string, unknown>): void {
  runtime.applyFilter = (filter: (...args: unknown[]) => unknown, context: unknown, args: unknown[], _position: unknown, name: string) => {
    try {
      return filter.apply(context, args);
    } catch (error) {
      failedFilter = name;
      throw error;
    }
  };
  type FilterNode = { name: { value: string }; args: NunjucksCompilerNode; lineno: number; colno: number };
  compiler.Compiler.prototype.compileFilter = function (this: NunjucksCompiler, node: FilterNode, frame: unknown) {
    const name = JSON.stringify(node.name.value);
    this._emit(`runtime.applyFilter(env.getFilter(${name}), context, `);
    this._compileAggregate(node.args, frame, '[', ']');
    this._emit(`, (lineno = ${node.lineno}, colno = ${node.colno}), ${name})`);
  };
}

/** The filter whose error a render failed with, if that is how it failed (the position nunjucks gives is its template's). */
let failedFilter: string | undefined;

/** The name of the filter that last raised an error, once (then forgotten). */
export function takeFailedFilter(): string | undefined {
  const name = failedFilter;
  failedFilter = undefined;
  return name;
}

type PrettifyError = (path: string, withInternals: boolean, error: { lineno?: number; colno?: number }) => Error;
interface NunjucksLibModule { _prettifyError: PrettifyError }

/**
 * nunjucks writes a render error's position into its message only when line and column are not 0 (counted
 * from 0: an error on a template's first line has none), and the error it throws keeps nothing else: the
 * thrown error gets the position as `templatePosition` (see renderErrorPosition). Templates reach
 * _prettifyError through the lib module object, so replacing it there reaches every one.
 */
function withErrorPositions(lib: NunjucksLibModule): void {
  const prettify = lib._prettifyError;
  lib._prettifyError = (path, withInternals, error) => {
    const line = error.lineno;
    const column = error.colno;
    const pretty = prettify(path, withInternals, error);
    if (typeof line === 'number') Object.assign(pretty, { templatePosition: { line, column: column ?? 0 } });
    return pretty;
  };
}

/**
 * Arguments in parentheses as Jinja2 reads them, a comma allowed after the last one (`ref('orders', )`,
 * `{% macro m(a, b,) %}`), which nunjucks reads as a missing argument. Keyword arguments (`name=value`) are
 * gathered into one KeywordArgs node after the others, as nunjucks's own parser does.
 */
function withTrailingCommas(parser: NunjucksParserModule, nodes: NunjucksNodeModule): void {
  type SignatureParser = NunjucksPostfixParser & { skipValue(type: string, value: string): boolean };
  const original = parser.Parser.prototype.parseSignature as (this: SignatureParser, tolerant?: boolean, noParens?: boolean) => unknown;
  parser.Parser.prototype.parseSignature = function (this: SignatureParser, tolerant?: boolean, noParens?: boolean) {
    const open = this.peekToken();
    if (noParens || open?.type !== 'left-paren') return original.call(this, tolerant, noParens);
    this.nextToken();
    const args = new nodes.NodeList(open.lineno, open.colno) as { addChild(node: unknown): void };
    const kwargs = new nodes.KeywordArgs(open.lineno, open.colno) as { addChild(node: unknown): void; children: unknown[] };
    const closing = () => nextToken(this).type === 'right-paren';
    for (let first = true; !closing(); first = false) {
      if (!first) {
        const at = nextToken(this);
        if (!this.skip('comma')) this.fail('parseSignature: expected comma after expression', at.lineno, at.colno);
        if (closing()) break;
      }
      const arg = this.parseExpression() as { lineno: number; colno: number };
      if (this.skipValue('operator', '=')) kwargs.addChild(new nodes.Pair(arg.lineno, arg.colno, arg, this.parseExpression()));
      else args.addChild(arg);
    }
    this.nextToken();
    if (kwargs.children.length > 0) args.addChild(kwargs);
    return args;
  };
  // Lists, dicts and tuples too: `[1, 2,]`, `{'a': 1,}`, `(1,)` (a one-item tuple, read as a list).
  type AggregateParser = NunjucksPostfixParser & { parsePrimary(): { lineno: number; colno: number } };
  type Aggregate = { children: unknown[]; addChild(node: unknown): void };
  const kinds: Record<string, NodeClass> = { 'left-paren': nodes.Group, 'left-bracket': nodes.Array, 'left-curly': nodes.Dict };
  const closers = new Set(['right-paren', 'right-bracket', 'right-curly']);
  parser.Parser.prototype.parseAggregate = function (this: AggregateParser) {
    const open = this.nextToken();
    const Kind = kinds[open.type];
    if (!Kind) return null;
    let node = new Kind(open.lineno, open.colno) as Aggregate;
    const closing = () => closers.has(nextToken(this).type);
    let trailingComma = false;
    while (!closing()) {
      if (node.children.length > 0) {
        if (!this.skip('comma')) this.fail('parseAggregate: expected comma after expression', open.lineno, open.colno);
        trailingComma = closing();
        if (trailingComma) break;
      }
      if (Kind === nodes.Dict) {
        const key = this.parsePrimary();
        if (!this.skip('colon')) this.fail('parseAggregate: expected colon after dict key', open.lineno, open.colno);
        node.addChild(new nodes.Pair(key.lineno, key.colno, key, this.parseExpression()));
      } else {
        node.addChild(this.parseExpression());
      }
    }
    this.nextToken();
    if (Kind === nodes.Group && trailingComma && node.children.length === 1) {
      const tuple = Object.assign(new nodes.Array(open.lineno, open.colno) as Aggregate, { isTuple: true });
      tuple.addChild(node.children[0]);
      node = tuple;
    }
    return node;
  };
}

/**
 * `{% set x -%}` trims the whitespace starting the block's body, as `-%}` does after every tag in Jinja: nunjucks'
 * parseSet, the one caller of skip('block-end'), stepped over the tag's end without looking at its `-` (every
 * other tag's end goes through advanceAfterBlockEnd, which does).
 */
function withTrimmedSetBlocks(parser: NunjucksParserModule): void {
  type TrimmingParser = NunjucksPostfixParser & { dropLeadingWhitespace: boolean };
  const skip = parser.Parser.prototype.skip as (this: TrimmingParser, type: string) => boolean;
  parser.Parser.prototype.skip = function (this: TrimmingParser, type: string) {
    const end = type === 'block-end' ? this.peekToken() : null;
    const skipped = skip.call(this, type);
    if (skipped && end?.value.startsWith('-')) this.dropLeadingWhitespace = true;
    return skipped;
  };
}

/**
 * The parser's next token. None is left when the template ends inside a tag (an unclosed string swallowed the
 * rest): that is thrown as the TypeError nunjucks's own parser throws there, which nunjucks-errors explains.
 */
function nextToken(parser: NunjucksPostfixParser): NunjucksParserToken {
  const token = parser.peekToken();
  if (!token) throw new TypeError('the template ends inside a tag');
  return token;
}

interface NunjucksParserToken { type: string; value: string; lineno: number; colno: number }
interface NunjucksPostfixParser {
  peekToken(): NunjucksParserToken | null;
  nextToken(): NunjucksParserToken;
  skip(type: string): boolean;
  fail(message: string, lineno?: number, colno?: number): never;
  parseExpression(): unknown;
  parseSignature(): unknown;
}
interface NunjucksParserModule { Parser: { prototype: Record<string, unknown> } }
type NodeClass = (new (...args: unknown[]) => unknown) & { extend(name: string, props: { fields: string[] }): NodeClass };
interface NunjucksNodeModule {
  Node: NodeClass; FunCall: NodeClass; LookupVal: NodeClass; Literal: NodeClass; Symbol: NodeClass;
  Dict: NodeClass; Group: NodeClass; KeywordArgs: NodeClass; Pair: NodeClass; Array: NodeClass; Is: NodeClass; Not: NodeClass; NodeList: NodeClass;
}

/**
 * Python's slices, `name[:10]`, `columns[1:]`, `s[::-1]` (nunjucks reads `[a:b]` as a list missing a
 * comma): the postfix parser reads them into a Slice node, compiled to a call of pythonSlice through the
 * runtime module. Calls, `.name` and `[index]` are read as nunjucks reads them.
 */
function withSlices(parser: NunjucksParserModule, nodes: NunjucksNodeModule, compiler: NunjucksCompilerModule, runtime: Record<string, unknown>): void {
  runtime.pythonSlice = pythonSlice;
  const Slice = nodes.Node.extend('Slice', { fields: ['target', 'start', 'stop', 'step'] });
  compiler.Compiler.prototype.compileSlice = function (this: NunjucksCompiler, node: { target: unknown; start: unknown; stop: unknown; step: unknown; lineno: number; colno: number }, frame: unknown) {
    this._emit('runtime.pythonSlice(');
    [node.target, node.start, node.stop, node.step].forEach((part, i) => {
      if (i > 0) this._emit(', ');
      this.compile(part, frame);
    });
    // The slice's position, where its error (an undefined value's) is reported; pythonSlice ignores it.
    this._emit(`, (lineno = ${node.lineno}, colno = ${node.colno}))`);
  };
  parser.Parser.prototype.parsePostfix = function (this: NunjucksPostfixParser, target: unknown) {
    let node = target;
    for (let tok = this.peekToken(); tok; tok = this.peekToken()) {
      if (tok.type === 'left-paren') {
        node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
      } else if (tok.type === 'left-bracket') {
        this.nextToken();
        const at = (type: string) => this.peekToken()?.type === type;
        const empty = () => new nodes.Literal(tok!.lineno, tok!.colno, null);
        const start = at('colon') ? null : this.parseExpression();
        if (this.skip('colon')) {
          const bound = () => (at('colon') || at('right-bracket') ? empty() : this.parseExpression());
          const stop = bound();
          const step = this.skip('colon') ? bound() : empty();
          if (!this.skip('right-bracket')) this.fail('expected ] to close the slice', tok.lineno, tok.colno);
          node = new Slice(tok.lineno, tok.colno, node, start ?? empty(), stop, step);
        } else {
          if (start === null || !this.skip('right-bracket')) this.fail('expected an index and ]', tok.lineno, tok.colno);
          node = new nodes.LookupVal(tok.lineno, tok.colno, node, start);
        }
      } else if (tok.type === 'operator' && tok.value === '.') {
        this.nextToken();
        const name = this.nextToken();
        if (name.type !== 'symbol') this.fail(`expected name as lookup value, got ${name.value}`, name.lineno, name.colno);
        node = new nodes.LookupVal(tok.lineno, tok.colno, node, new nodes.Literal(name.lineno, name.colno, name.value));
      } else {
        break;
      }
    }
    return node;
  };
}

interface NunjucksCompilerNode { children: unknown[] }
interface NunjucksCompiler {
  compile(node: unknown, frame: unknown): void;
  _compileExpression(node: unknown, frame: unknown): void;
  fail(message: string, lineno?: number, colno?: number): never;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _compileAggregate(node: NunjucksCompilerNode, frame: unknown, open: string, close: string): void;
}
interface NunjucksCompilerModule { Compiler: { prototype: Record<string, unknown> } }

/**
 * Jinja's tuples and operators: `(a, b)` is a tuple (nunjucks compiled it to JavaScript's comma operator, the
 * last value: `name in ('prod', 'ci')` tested a substring of 'ci'), an array marked as one (python-tuple.ts); `+` and `*` as
 * python-operators.ts has them, called through the runtime module as compiled templates call inOperator (the
 * other operators: nunjucks-numbers.ts).
 */
function withPythonOperators(compiler: NunjucksCompilerModule, runtime: Record<string, unknown>): void {
  Object.assign(runtime, { pythonAdd, pythonMultiply, pythonTuple });
  const proto = compiler.Compiler.prototype;
  const compileGroup = proto.compileGroup as (this: NunjucksCompiler, node: NunjucksCompilerNode, frame: unknown) => void;
  const tuple = (node: NunjucksCompilerNode, frame: unknown, compiler: NunjucksCompiler) => {
    compiler._emit('runtime.pythonTuple(');
    compiler._compileAggregate(node, frame, '[', ']');
    compiler._emit(')');
  };
  proto.compileGroup = function (this: NunjucksCompiler, node: NunjucksCompilerNode, frame: unknown) {
    if (node.children.length !== 1) tuple(node, frame, this); // `(a, b)`, `()`
    else compileGroup.call(this, node, frame);
  };
  // `(a,)` and the value of `{% set t = 1, 2 %}` are arrays marked as tuples.
  const compileArray = proto.compileArray as (this: NunjucksCompiler, node: NunjucksCompilerNode, frame: unknown) => void;
  proto.compileArray = function (this: NunjucksCompiler, node: NunjucksCompilerNode & { isTuple?: boolean }, frame: unknown) {
    if (node.isTuple) tuple(node, frame, this);
    else compileArray.call(this, node, frame);
  };
  // The operator's place, where a TypeError (`'x' + 1`) is reported.
  const call = (name: string) => function (this: NunjucksCompiler, node: { left: unknown; right: unknown; lineno: number; colno: number }, frame: unknown) {
    this._emit(`runtime.${name}(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(`, (lineno = ${node.lineno}, colno = ${node.colno}))`);
  };
  proto.compileAdd = call('pythonAdd');
  proto.compileMul = call('pythonMultiply');
}

interface SetNode { targets: unknown[]; value: unknown; body: unknown }
interface LookupNode { target: unknown; val: { value: unknown }; lineno: number; colno: number }

/**
 * Jinja's `{% set ns.name = value %}` on a `namespace()` (nunjucks parses the target as a lookup and compiled
 * it as a variable named "undefined"): compiled to a call of setNamespaceAttribute through the runtime module,
 * which changes the namespace object itself, so the value is seen outside loops and ifs as in Jinja. Only
 * that one target shape is Jinja's; another (`a.b.c`, two targets) is a syntax error at it.
 */
function withNamespaceAttributes(nodes: NunjucksNodeModule, compiler: NunjucksCompilerModule, runtime: Record<string, unknown>): void {
  runtime.setNamespaceAttribute = setNamespaceAttribute;
  const proto = compiler.Compiler.prototype;
  const compileSet = proto.compileSet as (this: NunjucksCompiler, node: SetNode, frame: unknown) => void;
  proto.compileSet = function (this: NunjucksCompiler, node: SetNode, frame: unknown) {
    const lookup = node.targets.find((target) => target instanceof nodes.LookupVal) as LookupNode | undefined;
    if (!lookup) return compileSet.call(this, node, frame);
    if (node.targets.length > 1 || !(lookup.target instanceof nodes.Symbol) || !(lookup.val instanceof nodes.Literal) || typeof lookup.val.value !== 'string') {
      this.fail('only a namespace\'s attribute can be set: {% set ns.name = value %}, with ns = namespace(...)', lookup.lineno, lookup.colno);
    }
    this._emit('runtime.setNamespaceAttribute(');
    this.compile(lookup.target, frame);
    this._emit(`, ${JSON.stringify(lookup.val.value)}, `);
    if (node.value) this._compileExpression(node.value, frame);
    else this.compile(node.body, frame);
    this._emitLine(');');
  };
}

interface MacroNode {
  lineno: number;
  colno: number;
  name?: { value: string };
  args: { children: unknown[] };
  body: { findAll(type: unknown): Array<{ value: string }> };
}

/**
 * Jinja's checks of macro arguments (macro-arguments.ts): every compiled macro is wrapped, where it is
 * defined, in a call of bindMacroArguments through the runtime module, with its parameters in nunjucks'
 * binding order. A body reading `varargs` or `kwargs` gets them as two more keyword parameters, which the
 * wrapper fills with the extra arguments (nunjucks had neither name).
 */
function withCheckedMacroArguments(nodes: NunjucksNodeModule, compiler: NunjucksCompilerModule, runtime: Record<string, unknown>): void {
  runtime.checkedMacro = (macro: MacroBody, signature: MacroSignature): MacroBody => markMacro(function (this: unknown, ...args: unknown[]) {
    return macro.apply(this, bindMacroArguments(signature, args));
  }, signature.name);
  const proto = compiler.Compiler.prototype;
  const compileMacro = proto._compileMacro as (this: NunjucksCompiler, node: MacroNode, frame: unknown) => string;
  proto._compileMacro = function (this: NunjucksCompiler, node: MacroNode, frame: unknown) {
    const children = node.args.children;
    const last = children[children.length - 1];
    let keywords = last instanceof nodes.Dict ? (last as { children: Array<{ key: { value: string } }> }) : undefined;
    const params = [
      ...children.filter((child) => child !== keywords).map((child) => (child as { value: string }).value),
      ...(keywords?.children ?? []).map((pair) => pair.key.value),
    ];
    const reads = new Set(node.body.findAll(nodes.Symbol).map((symbol) => symbol.value));
    const signature: MacroSignature = { name: node.name?.value ?? 'caller', params, varargs: reads.has('varargs'), kwargs: reads.has('kwargs') };
    for (const [name, empty] of [['varargs', nodes.Array], ['kwargs', nodes.Dict]] as const) {
      if (!signature[name]) continue;
      if (!keywords) {
        keywords = new nodes.KeywordArgs(node.lineno, node.colno) as { children: Array<{ key: { value: string } }> };
        children.push(keywords);
      }
      keywords.children.push(new nodes.Pair(node.lineno, node.colno, new nodes.Symbol(node.lineno, node.colno, name), new empty(node.lineno, node.colno)) as { key: { value: string } });
    }
    const id = compileMacro.call(this, node, frame);
    this._emitLine(`${id} = runtime.checkedMacro(${id}, ${JSON.stringify(signature)});`);
    return id;
  };
}

type MacroBody = (...args: unknown[]) => unknown;
interface NunjucksRuntimeModule {
  memberLookup(obj: unknown, key: unknown): unknown;
  makeMacro(argNames: string[], kwargNames: string[], func: MacroBody): MacroBody;
}

/**
 * Python's string, list and dict methods (`{{ name.upper() }}`, `{% do cols.append(c) %}`, `d.items()`) and
 * dbt's `return()` in macros, as Jinja has them. Compiled templates look members up and make macros through
 * the runtime module object, so wrapping memberLookup and makeMacro there reaches every template.
 */
function withPythonMethods(runtime: NunjucksRuntimeModule): void {
  const { memberLookup, makeMacro } = runtime;
  runtime.memberLookup = (obj, name) => {
    const key = pythonIndex(obj, name);
    // A macro's output is a nunjucks SafeString (a String object).
    if (typeof obj === 'string' || obj instanceof String) return pythonStringMethod(String(obj), key) ?? memberLookup(obj, key);
    return pythonCollectionMethod(obj, key) ?? memberLookup(obj, key);
  };
  runtime.makeMacro = (argNames, kwargNames, func) => makeMacro(argNames, kwargNames, function (this: unknown, ...args: unknown[]) {
    return withReturnSlot(() => func.apply(this, args));
  });
}

interface NunjucksParser {
  nextToken(): { value: string; lineno: number; colno: number };
  fail(message: string, lineno?: number, colno?: number): never;
  parseExpression(): unknown;
  advanceAfterBlockEnd(name: string): void;
}
type NunjucksNodes = Record<string, new (...args: unknown[]) => unknown>;

/** Jinja's `{% do expression %}` (dbt projects use it for `{% do cols.append(c) %}`, `{% do return(x) %}`): evaluated, prints nothing. */
export class DoTag {
  readonly tags = ['do'];

  parse(parser: NunjucksParser, nodes: NunjucksNodes): unknown {
    const tag = parser.nextToken();
    const expression = parser.parseExpression();
    parser.advanceAfterBlockEnd(tag.value);
    return new nodes.CallExtension(this, 'run', new nodes.NodeList(tag.lineno, tag.colno, [expression]));
  }

  run(): string {
    return '';
  }
}

interface NunjucksToken { type: string }
interface NunjucksTokenizer {
  nextToken(): NunjucksToken | null;
  _extractString(text: string): string | null;
}
interface NunjucksLexerModule { lex(src: string, opts: unknown): NunjucksTokenizer }

/**
 * Makes nunjucks' tokenizer read `}}` as two closing braces while a `{` of the tag is open, as Jinja2 does:
 * `{{ config(meta={'owner': {'team': 'x'}}) }}` ends at its last `}}`, not inside the dict (the lite
 * lexer counts braces the same way). nunjucks' parser calls `lex` through the module object, so wrapping
 * it there reaches every template.
 */
function closeTagsAtBalancedBraces(lexer: NunjucksLexerModule): void {
  const lex = lexer.lex;
  lexer.lex = (src, opts) => {
    const tokenizer = lex(src, opts);
    const nextToken = tokenizer.nextToken;
    const extractString = tokenizer._extractString;
    let open = 0;
    tokenizer._extractString = function (this: NunjucksTokenizer, text) {
      return open > 0 && (text === '}}' || text === '-}}') ? null : extractString.call(this, text);
    };
    tokenizer.nextToken = function (this: NunjucksTokenizer) {
      const token = nextToken.call(this);
      if (token?.type === 'left-curly') open++;
      else if (token?.type === 'right-curly' && open > 0) open--;
      else if (token?.type === 'variable-start' || token?.type === 'block-start') open = 0;
      return token;
    };
    return tokenizer;
  };
}
