import { ExactInteger } from '../../../util/exact-integer.js';
import { PythonFloat } from '../python-float.js';
import { decline, LiteDecline } from './lite-decline.js';
import { LiteLexer, type Token, type TokenType } from './lite-lexer.js';
import { atom, lower, type ParseNode } from './lite-lower.js';
import type { BinaryOp, Expr, FilterName, MacroDef, SetTarget, Stmt, SymbolExpr } from './lite-nodes.js';

/**
 * A recursive-descent parser with the structure of nunjucks' parser.js (same precedence
 * levels, same token look-ahead decisions, same whitespace-control bookkeeping), accepting
 * only the lite subset: anything else throws LiteDecline. It never accepts a template
 * nunjucks would reject.
 */

const IF_END = ['elif', 'elseif', 'else', 'endif'];
const FOR_END = ['endfor', 'else'];
const MACRO_END = ['endmacro'];
const COMPARE_OPS = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=']);
const ADD_OPS: ReadonlySet<'+' | '-'> = new Set(['+', '-']);
const MUL_OPS: ReadonlySet<'*' | '/' | '//' | '%'> = new Set(['*', '/', '//', '%']);
/** Tokens after which no precedence level of nunjucks' expression parser continues. */
const ENDS_EXPRESSION = new Set<TokenType>(['variable-end', 'block-end', 'comma', 'colon', 'right-paren', 'right-bracket', 'right-curly']);
/** Words the nunjucks expression parser treats specially, plus names the subset leaves to nunjucks. */
const RESERVED = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'caller', 'varargs', 'kwargs']);
const FILTERS: Record<string, FilterName> = {
  join: 'join', length: 'length', upper: 'upper', lower: 'lower', trim: 'trim', default: 'default',
  d: 'default', replace: 'replace', string: 'string', int: 'int', float: 'float', first: 'first',
  last: 'last', list: 'list',
};
/** Tags that, inside a macro lite skips, could change what the file exports. */
const UNSKIPPABLE = new Set(['macro', 'import', 'from', 'raw', 'verbatim']);

function isIdentifier(name: string): boolean {
  const first = name.charCodeAt(0);
  if (!(first === 95 || (first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return false;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!(c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/**
 * RESERVED and the names of Object.prototype's members, in one Set: `name in Object.prototype` on a
 * freshly sliced token has V8 look the string up in its string table, several times slower.
 */
const DECLINED_NAMES = new Set([...RESERVED, ...Object.getOwnPropertyNames(Object.prototype)]);

/** Names lite resolves itself: identifiers that are neither keywords nor Object.prototype members. */
function checkName(name: string): string {
  if (!isIdentifier(name) || DECLINED_NAMES.has(name)) decline(`name '${name}'`);
  return name;
}

/** A string usable as a property name without reaching Object.prototype. */
export function checkKey(key: string): string {
  if (key in Object.prototype) decline(`key '${key}'`);
  return key;
}

/** The compile-time scope of one function body (the template's top level or a macro). */
interface FunctionScope {
  isMacro: boolean;
  /** Innermost last; each maps a compile-time-bound name to its slot. */
  scopes: Array<Map<string, number>>;
  slotCount: number;
  forDepth: number;
}

export interface ParsedMacroFile {
  /** Top-level macros in definition order; `def` null when lite cannot handle that macro. */
  entries: Array<{ name: string; def: MacroDef | null }>;
}

export class LiteParser {
  private readonly lexer: LiteLexer;
  /** Look-ahead (nunjucks keeps one token; two are needed to see `name=` in signatures). */
  private aheadCount = 0;
  private ahead0: Token | null = null;
  private ahead1: Token | null = null;
  private lastType: TokenType | undefined;
  private dropLeadingWhitespace = false;
  private fn: FunctionScope = { isMacro: false, scopes: [], slotCount: 0, forDepth: 0 };
  /** Statement nesting (if/for/macro bodies): macros are only defined at the top level. */
  private depth = 0;
  /** While parsing a macro signature: names whose binding is known only once all parameters are. */
  private pending: SymbolExpr[] | null = null;
  private macroEndConsumed = false;
  private readonly topLevelSets = new Set<string>();
  private readonly topLevelMacros = new Set<string>();

  constructor(src: string) {
    this.lexer = new LiteLexer(src);
  }

  // ---- tokens ----

  private next(): Token | null {
    let tok: Token | null;
    if (this.aheadCount === 0) {
      tok = this.lexer.next();
    } else {
      tok = this.ahead0;
      this.ahead0 = this.ahead1;
      this.aheadCount--;
    }
    this.lastType = tok?.type;
    return tok;
  }

  private peek(): Token | null {
    if (this.aheadCount === 0) {
      this.ahead0 = this.lexer.next();
      this.aheadCount = 1;
    }
    return this.ahead0;
  }

  private peek2(): Token | null {
    this.peek();
    if (this.aheadCount === 1) {
      this.ahead1 = this.lexer.next();
      this.aheadCount = 2;
    }
    return this.ahead1;
  }

  private skip(type: TokenType): boolean {
    const tok = this.peek();
    if (!tok || tok.type !== type) return false;
    this.next();
    return true;
  }

  private skipValue(type: TokenType, value: string): boolean {
    const tok = this.peek();
    if (!tok || tok.type !== type || tok.value !== value) return false;
    this.next();
    return true;
  }

  private skipSymbol(value: string): boolean {
    return this.skipValue('symbol', value);
  }

  private isPostfix(tok: Token | null): boolean {
    return !!tok && (tok.type === 'left-paren' || tok.type === 'left-bracket' || (tok.type === 'operator' && tok.value === '.'));
  }

  /** nunjucks' advanceAfterBlockEnd: with `consumeName`, first takes the tag's name symbol. */
  private advanceAfterBlockEnd(consumeName: boolean): void {
    if (consumeName) {
      const name = this.peek();
      if (!name || name.type !== 'symbol') decline('expected a tag name');
      this.next();
    }
    const end = this.next();
    if (!end || end.type !== 'block-end') decline('expected %}');
    if (end.value === '-%}') this.dropLeadingWhitespace = true;
  }

  // ---- templates ----

  parseTemplate(): { body: Stmt[]; slotCount: number } {
    const body = this.parseNodes(null);
    for (const name of this.topLevelMacros) {
      if (this.topLevelSets.has(name)) decline(`'${name}' is both a macro and a set variable`);
    }
    return { body, slotCount: this.fn.slotCount };
  }

  /** nunjucks' parseNodes: stops at EOF or before a tag named in `breakOn` (its name left unread). */
  private parseNodes(breakOn: readonly string[] | null): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      const tok = this.next();
      if (!tok) return out;
      switch (tok.type) {
        case 'data': {
          let data = tok.value;
          if (this.dropLeadingWhitespace) {
            data = data.trimStart(); // = replace(/^\s*/, ''): both use JavaScript's whitespace
            this.dropLeadingWhitespace = false;
          }
          const next = this.peek();
          if (next && ((next.type === 'block-start' && next.value === '{%-')
            || (next.type === 'variable-start' && next.value === '{{-')
            || (next.type === 'comment' && next.value.charCodeAt(2) === 45 /* - */))) {
            data = data.trimEnd();
          }
          if (data) out.push({ k: 'text', text: data });
          break;
        }
        case 'block-start': {
          this.dropLeadingWhitespace = false;
          const name = this.peek();
          if (!name || name.type !== 'symbol') decline('expected a tag name');
          if (breakOn && breakOn.includes(name.value)) return out;
          out.push(this.parseStatement(name.value));
          break;
        }
        case 'variable-start': {
          const simple = this.aheadCount === 0 ? this.lexer.simpleOutput() : undefined;
          if (simple) {
            out.push({ k: 'output', expr: this.simpleExpr(simple.name, simple.args) });
            this.dropLeadingWhitespace = false;
            this.lastType = 'variable-end';
            break;
          }
          const expr = this.parseExpression();
          this.dropLeadingWhitespace = false;
          const end = this.next();
          if (!end || end.type !== 'variable-end') decline('expected }}');
          this.dropLeadingWhitespace = end.value === '-}}';
          out.push({ k: 'output', expr });
          break;
        }
        case 'comment':
          this.dropLeadingWhitespace = tok.value.charCodeAt(tok.value.length - 3) === 45; // `-#}`
          break;
        default:
          decline(`unexpected ${tok.type}`);
      }
    }
  }

  /** What parseExpression builds for `name` or `name('a', ...)` (see LiteLexer.simpleOutput). */
  private simpleExpr(name: string, args: string[] | null): Expr {
    const callee = this.symbol(name);
    if (args === null) return callee;
    const literals: Expr[] = args.map((value) => ({ k: 'lit', value }));
    return { k: 'call', callee, args: literals, kwNames: [], kwValues: [] };
  }

  private parseStatement(name: string): Stmt {
    switch (name) {
      case 'if':
        return this.parseIf();
      case 'for':
        return this.parseFor();
      case 'set':
        return this.parseSet();
      case 'macro': {
        if (this.depth > 0 || this.fn.isMacro) decline('macro defined inside a block');
        this.next();
        const macroName = this.next();
        if (!macroName || macroName.type !== 'symbol') decline('macro name');
        const def = this.parseMacroRest(checkName(macroName.value));
        this.topLevelMacros.add(def.name);
        return { k: 'macro', def };
      }
      default:
        return decline(`{% ${name} %}`);
    }
  }

  /** At `if`, `elif` or `elseif`. */
  private parseIf(): Stmt {
    this.next();
    const test = this.parseExpression();
    this.advanceAfterBlockEnd(false);
    this.depth++;
    const then = this.parseNodes(IF_END);
    let otherwise: Stmt[] | null = null;
    const tok = this.peek();
    switch (tok ? tok.value : undefined) {
      case 'elif':
      case 'elseif':
        otherwise = [this.parseIf()];
        break;
      case 'else':
        this.advanceAfterBlockEnd(true);
        otherwise = this.parseNodes(['endif']);
        this.advanceAfterBlockEnd(true);
        break;
      case 'endif':
        this.advanceAfterBlockEnd(true);
        break;
      default:
        decline('if without endif');
    }
    this.depth--;
    return { k: 'if', test, then, otherwise };
  }

  /** A bare name where nunjucks parses a primary (for targets, set targets): no postfix after it. */
  private bareName(): string {
    const tok = this.next();
    if (!tok || tok.type !== 'symbol') decline('expected a name');
    if (this.isPostfix(this.peek())) decline('expected a plain name');
    return checkName(tok.value);
  }

  private parseFor(): Stmt {
    this.next();
    const names = [this.bareName()];
    if (this.peek()?.type === 'comma') {
      while (this.skip('comma')) names.push(this.bareName());
    }
    if (!this.skipSymbol('in')) decline('for without in');
    // The iterable is compiled before the loop variables are bound. As in Jinja it is no inline if: an `if`
    // after it is a loop filter (nunjucks-loop-filters.ts), which lite leaves to nunjucks.
    const iterable = lower(this.parseOr());
    if (this.peek()?.type === 'symbol' && this.peek()!.value === 'if') decline('loop filter');
    this.advanceAfterBlockEnd(false);
    const scope = new Map<string, number>();
    for (const name of names) {
      if (scope.has(name) || name === 'loop') decline(`loop variable '${name}'`);
      scope.set(name, this.fn.slotCount++);
    }
    this.fn.scopes.push(scope);
    this.fn.forDepth++;
    this.depth++;
    const body = this.parseNodes(FOR_END);
    if (this.skipSymbol('else')) decline('for-else');
    this.advanceAfterBlockEnd(true);
    this.depth--;
    this.fn.forDepth--;
    this.fn.scopes.pop();
    return { k: 'for', slots: [...scope.values()], iterable, body };
  }

  private parseSet(): Stmt {
    this.next();
    const second = this.peek2();
    if (this.peek()?.type === 'symbol' && second?.type === 'operator' && second.value === '.') return this.parseAttributeSet();
    if (this.fn.forDepth > 0) decline('set inside a for loop');
    const name = this.bareName();
    if (!this.skipValue('operator', '=')) decline('set block or several targets');
    const expr = this.parseExpression();
    this.advanceAfterBlockEnd(false);
    let target: SetTarget;
    if (!this.fn.isMacro) {
      this.topLevelSets.add(name);
      target = { k: 'context', name };
    } else {
      const slot = this.fn.scopes[0].get(name);
      target = slot === undefined ? { k: 'frame', name } : { k: 'local', slot };
    }
    return { k: 'set', target, expr };
  }

  /** At `ns.name = value` of `{% set %}`: a namespace()'s attribute, the same object in every scope (loops too). */
  private parseAttributeSet(): Stmt {
    const object = this.symbol(this.next()!.value);
    this.next();
    const attribute = this.next();
    if (!attribute || attribute.type !== 'symbol') decline('expected a name after .');
    const name = checkKey(attribute.value);
    if (this.isPostfix(this.peek())) decline('set target longer than ns.name');
    if (!this.skipValue('operator', '=')) decline('set block or several targets');
    const expr = this.parseExpression();
    this.advanceAfterBlockEnd(false);
    return { k: 'set', target: { k: 'attribute', object, name }, expr };
  }

  /** After `macro name`: the signature, the body and `endmacro`. */
  private parseMacroRest(name: string): MacroDef {
    const outer = this.fn;
    this.fn = { isMacro: true, scopes: [new Map()], slotCount: 0, forDepth: 0 };
    const open = this.next();
    if (!open || open.type !== 'left-paren') decline('macro without (');
    const positional: string[] = [];
    const defaults: MacroDef['defaults'] = [];
    const pending: SymbolExpr[] = [];
    this.pending = pending;
    for (let first = true; ; first = false) {
      const tok = this.peek();
      if (!tok) decline('unterminated macro signature');
      if (tok.type === 'right-paren') {
        this.next();
        break;
      }
      if (!first && !this.skip('comma')) decline('expected ,');
      const param = this.next();
      const after = this.peek();
      if (!param || param.type !== 'symbol' || !after) decline('macro parameter');
      const paramName = checkName(param.value);
      if (paramName === '__keywords' || positional.includes(paramName) || defaults.some((d) => d.name === paramName)) {
        decline(`macro parameter '${paramName}'`);
      }
      if (after.type === 'operator' && after.value === '=') {
        this.next();
        defaults.push({ name: paramName, expr: this.parseExpression() });
      } else if (after.type === 'comma' || after.type === 'right-paren') {
        positional.push(paramName);
      } else {
        decline('macro parameter');
      }
    }
    this.pending = null;
    // Defaults are compiled once every positional parameter is bound.
    positional.forEach((param, slot) => this.fn.scopes[0].set(param, slot));
    this.fn.slotCount = positional.length;
    for (const sym of pending) sym.slot = this.fn.scopes[0].get(sym.name) ?? -1;
    this.advanceAfterBlockEnd(false);
    this.depth++;
    const body = this.parseNodes(MACRO_END);
    this.advanceAfterBlockEnd(true);
    this.macroEndConsumed = true;
    this.depth--;
    const def: MacroDef = { name, positional, defaults, body, slotCount: this.fn.slotCount };
    this.fn = outer;
    return def;
  }

  // ---- macro files ----

  /**
   * A macros/ file as nunjucks' getExported sees it: top-level text and comments are ignored,
   * every top-level tag must be a macro. A macro lite cannot parse is skipped to its
   * `endmacro` and reported with a null def; anything else declines the whole file.
   */
  parseMacroFile(): ParsedMacroFile {
    const entries: ParsedMacroFile['entries'] = [];
    for (;;) {
      const tok = this.next();
      if (!tok) return { entries };
      if (tok.type === 'data' || tok.type === 'comment') continue;
      if (tok.type !== 'block-start') decline(`top-level ${tok.type} in a macro file`);
      this.dropLeadingWhitespace = false;
      if (!this.skipSymbol('macro')) decline('top-level tag other than macro');
      const nameTok = this.next();
      if (!nameTok || nameTok.type !== 'symbol') decline('macro name');
      const name = checkName(nameTok.value);
      this.macroEndConsumed = false;
      this.depth = 0;
      this.fn = { isMacro: false, scopes: [], slotCount: 0, forDepth: 0 };
      try {
        entries.push({ name, def: this.parseMacroRest(name) });
      } catch (error) {
        if (!(error instanceof LiteDecline) || this.macroEndConsumed) throw error;
        this.pending = null;
        entries.push({ name, def: null });
        this.skipToEndMacro();
      }
    }
  }

  /** Reads tokens up to and including the `{% endmacro %}` closing the macro being skipped. */
  private skipToEndMacro(): void {
    let previous = this.lastType;
    for (;;) {
      const tok = this.next();
      if (!tok) decline('macro without endmacro');
      if (previous === 'block-start' && tok.type === 'symbol') {
        if (UNSKIPPABLE.has(tok.value)) decline(`{% ${tok.value} %} inside a skipped macro`);
        if (tok.value === 'endmacro') {
          const end = this.next();
          if (!end || end.type !== 'block-end') decline('malformed endmacro');
          return;
        }
      }
      previous = tok.type;
    }
  }

  // ---- expressions (nunjucks' precedence chain, top to bottom) ----

  private parseExpression(): Expr {
    return lower(this.parseInlineIf());
  }

  /**
   * nunjucks descends through every precedence level before reading a token, so unless the
   * expression starts with `not`, its leftmost operand is a parseUnary. It is parsed first and,
   * when the next token cannot continue an expression (the common case), returned as is;
   * otherwise it is threaded down the levels as their leftmost operand (`seed`).
   */
  private parseInlineIf(): ParseNode {
    let seed: ParseNode | undefined;
    const first = this.peek();
    if (!(first && first.type === 'symbol' && first.value === 'not')) {
      seed = this.parseUnary(false);
      const next = this.peek();
      if (!next || ENDS_EXPRESSION.has(next.type)) return seed;
    }
    const node = this.parseOr(seed);
    if (!this.skipSymbol('if')) return node;
    const test = this.parseOr();
    const otherwise = this.skipSymbol('else') ? lower(this.parseOr()) : { k: 'lit', value: '' } as Expr;
    return atom({ k: 'cond', test: lower(test), then: lower(node), otherwise });
  }

  private parseOr(seed?: ParseNode): ParseNode {
    let node = this.parseAnd(seed);
    while (this.skipSymbol('or')) node = { t: 'bin', op: '||', l: node, r: this.parseAnd() };
    return node;
  }

  private parseAnd(seed?: ParseNode): ParseNode {
    let node = this.parseNot(seed);
    while (this.skipSymbol('and')) node = { t: 'bin', op: '&&', l: node, r: this.parseNot() };
    return node;
  }

  private parseNot(seed?: ParseNode): ParseNode {
    if (!seed && this.skipSymbol('not')) {
      const next = this.peek();
      if (!next || (next.type === 'symbol' && next.value === 'not')) return { t: 'pre', op: '!', x: this.parseNot() };
      // As in parseInlineIf: the operand's leading parseUnary first, the levels below `not` only when
      // the next token can continue an expression (`not loop.last`, `not var('x')` need none of them).
      const operand = this.parseUnary(false);
      const after = this.peek();
      return { t: 'pre', op: '!', x: !after || ENDS_EXPRESSION.has(after.type) ? operand : this.parseIn(operand) };
    }
    return this.parseIn(seed);
  }

  private parseIn(seed?: ParseNode): ParseNode {
    let node = this.parseIs(seed);
    for (;;) {
      const tok = this.peek();
      if (!tok) return node;
      const invert = tok.type === 'symbol' && tok.value === 'not';
      const inTok = invert ? this.peek2() : tok;
      if (!inTok || inTok.type !== 'symbol' || inTok.value !== 'in') {
        // nunjucks fails on a `not` it cannot pair with `in` (it cannot push both tokens back).
        if (invert) decline('not without in');
        return node;
      }
      if (invert) this.next();
      this.next();
      node = atom({ k: 'in', left: lower(node), right: lower(this.parseIs()) });
      if (invert) node = { t: 'pre', op: '!', x: node };
    }
  }

  private parseIs(seed?: ParseNode): ParseNode {
    const node = this.parseCompare(seed);
    const tok = this.peek();
    if (tok && tok.type === 'symbol' && tok.value === 'is') decline('is-test');
    return node;
  }

  private parseCompare(seed?: ParseNode): ParseNode {
    const first = this.parseAdd(seed);
    const ops: BinaryOp[] = [];
    const operands = [first];
    for (;;) {
      const tok = this.peek();
      if (!tok || !COMPARE_OPS.has(tok.value)) break;
      // nunjucks takes any token with such a value (even a string '==') as the operator.
      if (tok.type !== 'operator') decline('comparison operator written as a string');
      this.next();
      ops.push(tok.value as BinaryOp);
      operands.push(this.parseAdd());
    }
    if (ops.length === 0) return first;
    // A chain is Jinja's, one call (jinja-comparisons.ts); one `==` or `!=` is Jinja's equality, a call (nunjucks-numbers.ts).
    if (ops.length > 1) return atom({ k: 'chain', ops, operands: operands.map(lower) });
    const op = ops[0]!;
    return { t: 'bin', op: op === '==' ? 'eq' : op === '!=' ? 'ne' : op, l: first, r: operands[1]! };
  }

  /** Jinja's levels (nunjucks-numbers.ts): `+` and `-`, over `~`, over `*`, `/`, `//` and `%`, each left to right. */
  private parseAdd(seed?: ParseNode): ParseNode {
    let node = this.parseConcat(seed);
    for (;;) {
      const op = this.skipOperator(ADD_OPS);
      if (!op) return node;
      node = { t: 'bin', op, l: node, r: this.parseConcat() };
    }
  }

  private parseConcat(seed?: ParseNode): ParseNode {
    let node = this.parseMul(seed);
    while (this.skipValue('tilde', '~')) node = { t: 'bin', op: '~', l: node, r: this.parseMul() };
    return node;
  }

  private parseMul(seed?: ParseNode): ParseNode {
    let node = this.parsePow(seed);
    for (;;) {
      const op = this.skipOperator(MUL_OPS);
      if (!op) return node;
      node = { t: 'bin', op, l: node, r: this.parsePow() };
    }
  }

  /** The next token if it is one of these operators (taken), else undefined. */
  private skipOperator<T extends string>(ops: ReadonlySet<T>): T | undefined {
    const tok = this.peek();
    if (!tok || tok.type !== 'operator' || !ops.has(tok.value as T)) return undefined;
    this.next();
    return tok.value as T;
  }

  private parsePow(seed?: ParseNode): ParseNode {
    let node = seed ?? this.parseUnary(false);
    while (this.skipValue('operator', '**')) {
      node = { t: 'bin', op: '**', l: node, r: this.parseUnary(false) }; // runtime.pythonPower(l, r)
    }
    return node;
  }

  private parseUnary(noFilters: boolean): ParseNode {
    let node: ParseNode;
    if (this.skipValue('operator', '-')) {
      const x = this.parseUnary(true);
      node = { t: 'pre', op: 'neg', x };
    } else if (this.skipValue('operator', '+')) {
      const x = this.parseUnary(true);
      node = { t: 'pre', op: 'pos', x };
    } else {
      node = atom(this.parsePrimary());
    }
    return noFilters ? node : this.parseFilter(node);
  }

  private parseFilter(node: ParseNode): ParseNode {
    while (this.skip('pipe')) {
      const nameTok = this.next();
      if (!nameTok || nameTok.type !== 'symbol') decline('filter name');
      const name = FILTERS[nameTok.value];
      if (!Object.prototype.hasOwnProperty.call(FILTERS, nameTok.value) || !name) decline(`filter '${nameTok.value}'`);
      const next = this.peek();
      if (next && next.type === 'operator' && next.value === '.') decline('dotted filter name');
      const args = [lower(node)];
      if (next && next.type === 'left-paren') {
        const call = this.parseSignature();
        if (call.kwNames.length) decline('filter keyword arguments');
        args.push(...call.args);
        if (this.isPostfix(this.peek())) decline('postfix after filter arguments');
      }
      node = atom({ k: 'filter', name, args });
    }
    return node;
  }

  private parsePrimary(): Expr {
    const tok = this.next();
    if (!tok) return decline('expected an expression');
    let e: Expr;
    switch (tok.type) {
      case 'string':
        e = { k: 'lit', value: tok.value };
        break;
      case 'int':
        e = { k: 'lit', value: ExactInteger.of(tok.value, parseInt(tok.value, 10)) };
        break;
      case 'float':
        e = { k: 'lit', value: PythonFloat.of(parseFloat(tok.value)) };
        break;
      case 'boolean':
        e = { k: 'lit', value: tok.value === 'true' };
        break;
      case 'none':
        e = { k: 'lit', value: null };
        break;
      case 'symbol':
        e = this.symbol(tok.value);
        break;
      case 'left-paren':
      case 'left-bracket':
      case 'left-curly':
        e = this.parseAggregate(tok.type);
        break;
      default:
        return decline(`unexpected ${tok.type} '${tok.value}'`);
    }
    return this.parsePostfix(e);
  }

  private symbol(name: string): SymbolExpr {
    checkName(name);
    const scopes = this.fn.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const slot = scopes[i].get(name);
      if (slot !== undefined) return { k: 'sym', name, slot };
    }
    const sym: SymbolExpr = { k: 'sym', name, slot: -1 };
    this.pending?.push(sym);
    return sym;
  }

  /** After `(`, `[` or `{`: a parenthesised expression, a list or a dict. */
  private parseAggregate(open: TokenType): Expr {
    const close: TokenType = open === 'left-paren' ? 'right-paren' : open === 'left-bracket' ? 'right-bracket' : 'right-curly';
    const items: Expr[] = [];
    const keys: string[] = [];
    let trailingComma = false;
    for (;;) {
      const tok = this.peek();
      if (!tok) decline('unterminated aggregate');
      if (tok.type === 'right-paren' || tok.type === 'right-bracket' || tok.type === 'right-curly') {
        this.next();
        if (tok.type !== close) decline('mismatched bracket');
        break;
      }
      if (items.length > 0 && !this.skip('comma')) decline('expected ,');
      trailingComma = items.length > 0;
      const after = this.peek();
      if (after && (after.type === 'right-paren' || after.type === 'right-bracket' || after.type === 'right-curly')) continue;
      trailingComma = false;
      if (open === 'left-curly') {
        const key = this.next();
        if (!key || !(key.type === 'string' || (key.type === 'symbol' && isIdentifier(key.value)))) decline('dict key');
        if (key.value === '__proto__') decline('dict key __proto__');
        if (!this.skip('colon')) decline('expected :');
        keys.push(key.value);
      }
      items.push(this.parseExpression());
    }
    if (open === 'left-curly') return { k: 'dict', keys, values: items };
    if (open === 'left-bracket') return { k: 'array', items };
    // `(a, b)`, `(a,)` and `()` are tuples (python-tuple.ts), as nunjucks is made to read them (nunjucks-jinja.ts).
    return items.length === 1 && !trailingComma ? items[0] : { k: 'array', items, tuple: true };
  }

  private parsePostfix(target: Expr): Expr {
    let e = target;
    for (;;) {
      const tok = this.peek();
      if (!tok) return e;
      if (tok.type === 'left-paren') {
        e = { k: 'call', callee: e, ...this.parseSignature() };
      } else if (tok.type === 'left-bracket') {
        this.next();
        const start = this.peek()?.type === 'colon' ? null : this.parseExpression();
        if (this.skip('colon')) {
          // A slice, as nunjucks is made to read it (nunjucks-jinja.ts): `[a:b]`, `[:b]`, `[a:]`, `[::-1]`.
          const bound = () => (this.peek()?.type === 'colon' || this.peek()?.type === 'right-bracket' ? null : this.parseExpression());
          const stop = bound();
          const step = this.skip('colon') ? bound() : null;
          const end = this.next();
          if (!end || end.type !== 'right-bracket') decline('expected ]');
          e = { k: 'slice', target: e, start, stop, step };
          continue;
        }
        if (start === null) decline('expected an index');
        const end = this.next();
        if (!end || end.type !== 'right-bracket') decline('expected ]');
        e = { k: 'lookup', target: e, key: start };
      } else if (tok.type === 'operator' && tok.value === '.') {
        this.next();
        const name = this.next();
        if (!name || name.type !== 'symbol') decline('expected a name after .');
        e = { k: 'lookup', target: e, key: { k: 'lit', value: checkKey(name.value) } };
      } else {
        return e;
      }
    }
  }

  /** At `(`: call arguments, positional ones first as nunjucks passes them, then `name=value` ones. */
  private parseSignature(): { args: Expr[]; kwNames: string[]; kwValues: Expr[] } {
    this.next();
    const args: Expr[] = [];
    const kwNames: string[] = [];
    const kwValues: Expr[] = [];
    for (let first = true; ; first = false) {
      const tok = this.peek();
      if (!tok) decline('unterminated call');
      if (tok.type === 'right-paren') {
        this.next();
        break;
      }
      if (!first && !this.skip('comma')) decline('expected ,');
      const key = this.peek();
      const eq = this.peek2();
      if (key && key.type === 'symbol' && eq && eq.type === 'operator' && eq.value === '=') {
        kwNames.push(checkName(key.value));
        this.next();
        this.next();
        kwValues.push(this.parseExpression());
      } else {
        args.push(this.parseExpression());
        if (this.peek()?.type === 'operator' && this.peek()!.value === '=') decline('keyword argument name');
      }
    }
    return { args, kwNames, kwValues };
  }
}
