import { ExactInteger } from '../../util/exact-integer.js';
import { PythonFloat } from './python-float.js';
import { jinjaCompare, jinjaCompareChain } from './jinja-comparisons.js';
import { withNumberKeys } from './number-keys.js';
import { jinjaConcat, jinjaEquals, pythonDivide, pythonFloorDivide, pythonModulo, pythonNegate, pythonPositive, pythonPower, pythonSubtract } from './python-operators.js';

/*
 * Jinja's numbers in nunjucks: number literals as Jinja reads them (`1e3`, `1.5e-3`, `1_000`; nunjucks read
 * `1e3` as a variable's name, so it printed nothing), a float literal a float (`3.0` prints `3.0`), an integer
 * literal with more digits than a double holds kept as written (ExactInteger); and `-`, `/`, `//`, `**`, `~` and
 * the signs as python-operators.ts has them, a chain of comparisons as jinja-comparisons.ts, called through the runtime module (nunjucks emitted JavaScript's
 * operators, so `4 / 2` was the int 2 and `'a' ~ none` `anull`), with Jinja's precedence: `+` and `-` one level,
 * `*`, `/`, `//` and `%` the next, each left to right (nunjucks gave every operator a level of its own, so
 * `3 * 5 // 2` was `3 * (5 // 2)`, 6, where Jinja gives 7); and `==` as Jinja's for lists and dicts.
 */

interface Token { type: string; value: string; lineno: number; colno: number }
interface Tokenizer {
  nextToken(): Token | null;
  str: string;
  index: number;
  forward(): void;
}
interface LexerModule { lex(src: string, opts: unknown): Tokenizer }
interface ParserModule { Parser: { prototype: Record<string, unknown> } }
type NodeClass = new (...args: unknown[]) => { lineno: number; colno: number };
interface NodesModule { Literal: new (...args: unknown[]) => { value: unknown }; [name: string]: NodeClass | (new (...args: unknown[]) => unknown) }
interface Compiler {
  compile(node: unknown, frame: unknown): void;
  _emit(code: string): void;
}
interface CompareNode { expr: unknown; ops: Array<{ type: string; expr: unknown }>; lineno: number; colno: number }
interface CompilerModule { Compiler: { prototype: Record<string, unknown> } }

const DIGITS = /^\d(?:_?\d)*$/;
const EXPONENT = /^[eE][+-]?\d(?:_?\d)*/;

/** Takes `count` more characters of the source into a token. */
function take(tokenizer: Tokenizer, count: number): string {
  const text = tokenizer.str.slice(tokenizer.index, tokenizer.index + count);
  for (let i = 0; i < count; i++) tokenizer.forward();
  return text;
}

/** A token starting with a digit, read as Jinja reads a number: an int or float token of its digits, or as it was. */
function numberToken(tokenizer: Tokenizer, token: Token): Token {
  const rest = () => tokenizer.str.slice(tokenizer.index, tokenizer.index + 40);
  let text = token.value;
  let float = token.type === 'float';
  if (token.type === 'symbol') {
    const word = /^(\d(?:_?\d)*)(?:([eE])(\d(?:_?\d)*)?)?$/.exec(text);
    if (!word) return token;
    if (word[2] && !word[3]) {
      // `1e` before `-3` or `+3`: the exponent's sign and digits are the next characters.
      const sign = /^[+-]\d(?:_?\d)*/.exec(rest());
      if (!sign) return token;
      text += take(tokenizer, sign[0].length);
    } else if (!word[2] && tokenizer.str[tokenizer.index] === '.') {
      text += take(tokenizer, /^\.\d*/.exec(rest())![0].length); // `1_000.5`
    }
    float = !!word[2] || text.includes('.');
  } else if (!DIGITS.test(text.split('.')[0]!)) {
    return token;
  }
  const exponent = EXPONENT.exec(rest());
  if (!text.includes('e') && !text.includes('E') && exponent && (float || token.type === 'int')) {
    text += take(tokenizer, exponent[0].length);
    float = true;
  }
  return { ...token, type: float ? 'float' : 'int', value: text.replaceAll('_', '') };
}

export function withPythonNumbers(lexer: LexerModule, parser: ParserModule, nodes: NodesModule, compiler: CompilerModule, runtime: Record<string, unknown>): void {
  const lex = lexer.lex;
  lexer.lex = (src, opts) => {
    const tokenizer = lex(src, opts);
    const nextToken = tokenizer.nextToken;
    tokenizer.nextToken = function (this: Tokenizer) {
      const token = nextToken.call(this);
      if (!token || (token.type !== 'symbol' && token.type !== 'int' && token.type !== 'float')) return token;
      const first = token.value.charCodeAt(0);
      return first >= 48 && first <= 57 ? numberToken(this, token) : token;
    };
    return tokenizer;
  };

  withJinjaPrecedence(parser, nodes);

  type PrimaryParser = { peekToken(): Token | null; parsePrimary(noPostfix?: boolean): unknown };
  const parsePrimary = parser.Parser.prototype.parsePrimary as (this: PrimaryParser, noPostfix?: boolean) => unknown;
  parser.Parser.prototype.parsePrimary = function (this: PrimaryParser, noPostfix?: boolean) {
    const token = this.peekToken();
    const node = parsePrimary.call(this, noPostfix);
    if (token && node instanceof nodes.Literal && typeof node.value === 'number') {
      if (token.type === 'float') node.value = PythonFloat.of(node.value);
      else if (token.type === 'int') node.value = ExactInteger.of(token.value, node.value);
    }
    return node;
  };

  Object.assign(runtime, {
    pythonFloat: PythonFloat.of, exactInteger: (digits: string) => new ExactInteger(digits),
    pythonSubtract, pythonDivide, pythonFloorDivide, pythonModulo, pythonPower, jinjaConcat, pythonNegate, pythonPositive,
  });
  const proto = compiler.Compiler.prototype;
  const compileLiteral = proto.compileLiteral as (this: Compiler, node: { value: unknown }, frame: unknown) => void;
  proto.compileLiteral = function (this: Compiler, node: { value: unknown }, frame: unknown) {
    if (node.value instanceof PythonFloat) this._emit(`runtime.pythonFloat(${String(node.value.value)})`);
    else if (node.value instanceof ExactInteger) this._emit(`runtime.exactInteger(${JSON.stringify(node.value.digits)})`);
    else compileLiteral.call(this, node, frame);
  };
  // An operator that can fail (`1 / 0`) sets the render's position to itself once its operands are computed, so
  // the error is reported there (as withFilterPositions does for filters); the function ignores that argument.
  // A number as a dict's key (`{1: 'Jan', 2: 'Feb'}`; nunjucks failed: "Dict keys must be strings or names"):
  // the key is its text, as JavaScript keys are, so `months[1]` finds it.
  const compilePair = proto.compilePair as (this: Compiler, node: { key: unknown; value: unknown }, frame: unknown) => void;
  proto.compilePair = function (this: Compiler, node: { key: unknown; value: unknown }, frame: unknown) {
    const key = node.key;
    if (key instanceof nodes.Literal && (typeof key.value === 'number' || key.value instanceof PythonFloat || key.value instanceof ExactInteger)) {
      const { lineno, colno } = key as unknown as { lineno: number; colno: number };
      return compilePair.call(this, { ...node, key: new nodes.Literal(lineno, colno, String(key.value)) }, frame);
    }
    return compilePair.call(this, node, frame);
  };
  // A dict with number keys remembers them, to print them as numbers (number-keys.ts).
  runtime.withNumberKeys = withNumberKeys;
  const isNumberLiteral = (key: unknown) => key instanceof nodes.Literal && (typeof key.value === 'number' || key.value instanceof PythonFloat || key.value instanceof ExactInteger);
  const compileDict = proto.compileDict as (this: Compiler, node: { children: Array<{ key: unknown }> }, frame: unknown) => void;
  proto.compileDict = function (this: Compiler, node: { children: Array<{ key: unknown }> }, frame: unknown) {
    const keys = node.children.map((pair) => pair.key).filter(isNumberLiteral).map((key) => String((key as { value: unknown }).value));
    if (keys.length === 0) return compileDict.call(this, node, frame);
    this._emit('runtime.withNumberKeys(');
    compileDict.call(this, node, frame);
    this._emit(`, ${JSON.stringify(keys)})`);
  };
  const binary = (name: string, failing = false) => function (this: Compiler, node: { left: unknown; right: unknown; lineno: number; colno: number }, frame: unknown) {
    this._emit(`runtime.${name}(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(failing ? `, (lineno = ${node.lineno}, colno = ${node.colno}))` : ')');
  };
  const unary = (name: string) => function (this: Compiler, node: { target: unknown; lineno: number; colno: number }, frame: unknown) {
    this._emit(`runtime.${name}(`);
    this.compile(node.target, frame);
    this._emit(`, (lineno = ${node.lineno}, colno = ${node.colno}))`);
  };
  // One `==` or `!=` is Jinja's equality (`cols == []`); a chain (`a < b == c`) Jinja's too, and the other
  // comparisons jinjaCompare's (jinja-comparisons.ts: `<` of an undefined value raises Jinja's error, at the comparison).
  runtime.jinjaEquals = jinjaEquals;
  runtime.jinjaCompareChain = jinjaCompareChain;
  runtime.jinjaCompare = jinjaCompare;
  proto.compileCompare = function (this: Compiler, node: CompareNode, frame: unknown) {
    const position = `lineno = ${node.lineno}, colno = ${node.colno}, `;
    if (node.ops.length > 1) {
      this._emit(`runtime.jinjaCompareChain((${position}${JSON.stringify(node.ops.map((op) => op.type))}), () => (`);
      this.compile(node.expr, frame);
      for (const op of node.ops) {
        this._emit('), () => (');
        this.compile(op.expr, frame);
      }
      this._emit('))');
      return;
    }
    const op = node.ops[0]!.type;
    if (op !== '==' && op !== '!=') {
      this._emit(`runtime.jinjaCompare(${JSON.stringify(op)}, `);
      this.compile(node.expr, frame);
      this._emit(', ');
      this.compile(node.ops[0]!.expr, frame);
      this._emit(`, (${position.slice(0, -2)}))`);
      return;
    }
    this._emit(op === '==' ? 'runtime.jinjaEquals(' : '!runtime.jinjaEquals(');
    this.compile(node.expr, frame);
    this._emit(', ');
    this.compile(node.ops[0]!.expr, frame);
    this._emit(')');
  };
  proto.compileSub = binary('pythonSubtract', true);
  proto.compileDiv = binary('pythonDivide', true);
  proto.compileFloorDiv = binary('pythonFloorDivide', true);
  proto.compileMod = binary('pythonModulo', true);
  proto.compilePow = binary('pythonPower', true);
  proto.compileConcat = binary('jinjaConcat');
  proto.compileNeg = unary('pythonNegate');
  proto.compilePos = unary('pythonPositive');
}

type Operand = { lineno: number; colno: number };
type ArithmeticParser = { peekToken(): Token | null; nextToken(): Token; parseAdd(): Operand; parseMul(): Operand; parsePow(): Operand };

/**
 * Jinja's three levels of arithmetic: `+` and `-`, then `~`, then `*`, `/`, `//` and `%`, each left to right
 * (`'a' ~ 1 + 2` is `('a' ~ 1) + 2`, a TypeError in Jinja; nunjucks read `'a' ~ (1 + 2)`). nunjucks' parseCompare
 * calls parseConcat, so parseConcat reads `+` and `-` here, parseAdd `~` and parseMul the rest (parseSub, parseDiv,
 * parseFloorDiv and parseMod are no longer reached).
 */
function withJinjaPrecedence(parser: ParserModule, nodes: NodesModule): void {
  const level = (next: 'parseAdd' | 'parseMul' | 'parsePow', type: string, ops: Record<string, string>) => function (this: ArithmeticParser) {
    let node = this[next]();
    for (;;) {
      const token = this.peekToken();
      if (!token || token.type !== type || !Object.hasOwn(ops, token.value)) return node;
      this.nextToken();
      const Node = nodes[ops[token.value]!] as NodeClass;
      node = new Node(token.lineno, token.colno, node, this[next]()); // at the operator: where an error is reported
    }
  };
  parser.Parser.prototype.parseConcat = level('parseAdd', 'operator', { '+': 'Add', '-': 'Sub' });
  parser.Parser.prototype.parseAdd = level('parseMul', 'tilde', { '~': 'Concat' });
  parser.Parser.prototype.parseMul = level('parsePow', 'operator', { '*': 'Mul', '/': 'Div', '//': 'FloorDiv', '%': 'Mod' });
}
