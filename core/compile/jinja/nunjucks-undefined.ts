import { failIfUndefined, isUndefined, JinjaUndefined, missingMember, undefinedAsMissing, takesUndefined, undefinedName } from './jinja-undefined.js';
import { isPythonTuple, pythonTuple } from './python-tuple.js';
import { pythonIn } from './python-operators.js';

/*
 * Jinja2's Undefined (jinja-undefined.ts) in nunjucks' compiled templates. nunjucks reads a missing name or member
 * as JavaScript's undefined, which its operators took as NaN or ''. Instead, the names and lookups a template
 * writes evaluate to a JinjaUndefined saying what is missing: printing, truth, `for`, `in`, `==`, the tests and
 * `default` treat it as Jinja does, the Python operators (python-operators.ts) and comparisons raise its error,
 * and so does a lookup in it (`x.attr`, `x['k']`). A macro and Python's list and dict methods get it as their argument
 * (takingUndefined); amp-dbt's functions and the filters get JavaScript's undefined, as before, except the filters that
 * raise in Jinja (`x | int`) and those that keep it in the list they are given (KEEPS_UNDEFINED_ITEMS). What a call
 * is made of (`x()`, `pkg.macro()`) is looked up as nunjucks does, so its errors (an unknown macro or package,
 * nunjucks-errors.ts) stay amp-dbt's own.
 * The one lookup of names (contextOrFrameLookup) also reports the names it does not find in the frame, for
 * incremental recording.
 */

type NodeClass = (new (...args: unknown[]) => unknown) & { extend(name: string, props: { fields: string[] }): NodeClass };
interface Compiler {
  compile(node: unknown, frame: unknown): void;
  _compileExpression(node: unknown, frame: unknown): void;
  _emit(code: string): void;
}
interface CompileFrame { lookup(name: string): string | undefined }
interface Positioned { lineno: number; colno: number }
interface SymbolNode extends Positioned { value: string; calleePart?: boolean }
interface LookupNode extends Positioned { target: unknown; val: unknown; calleePart?: boolean }
interface TestNode { left: unknown; right: { name?: { value: string }; value?: string; args?: unknown } }
type Filter = (...args: unknown[]) => unknown;

/**
 * Filters that raise in Jinja when given an undefined value (int() and float() of it, a lookup in it, Python's
 * textwrap of it; round() and abs() Python's TypeError).
 */
export const FAILING_FILTERS: Record<string, (value: JinjaUndefined) => never> = {
  int: (value) => value.fail(),
  float: (value) => value.fail(),
  dictsort: (value) => value.fail(),
  attr: (value) => value.fail(),
  indent: (value) => value.fail(),
  wordwrap: (value) => value.fail(),
  filesizeformat: (value) => value.fail(),
  round: () => {
    throw new Error("type Undefined doesn't define __round__ method");
  },
  abs: () => {
    throw new Error("bad operand type for abs(): 'Undefined'");
  },
  tojson: () => {
    throw new Error('Object of type Undefined is not JSON serializable');
  },
};

/** Filters that read an undefined value as Jinja's str ('') or iteration (nothing) of it, where nunjucks' fail on undefined. */
export const EMPTY_FOR_FILTERS: Record<string, () => unknown> = {
  trim: () => '', join: () => [], first: () => [], last: () => [], list: () => [], min: () => [], max: () => [],
  batch: () => [], slice: () => [], random: () => [], select: () => [], reject: () => [],
};

/**
 * Filters given the undefined values of the list they filter as they are: they order them (min and max raise
 * Jinja's error of one compared, and give the one a list holds alone) or give them back (`[x] | list` prints
 * `[Undefined]`, `[1, x] | last` is undefined), as in Jinja; `tojson` raises Python's TypeError for one, anywhere
 * in its value (`[x] | tojson`, `{'a': x} | tojson`); `pprint` prints one as `Undefined`, also the value itself.
 */
export const KEEPS_UNDEFINED_ITEMS: ReadonlySet<string> = new Set(['min', 'max', 'first', 'last', 'list', 'reverse', 'sort', 'unique', 'tojson', 'pprint']);

/**
 * A value for a function or filter: a JinjaUndefined as JavaScript's undefined, also inside lists and dicts (a copy
 * then: `config({'schema': x})` must not keep a JinjaUndefined in the model's config).
 */
function hostValue(value: unknown, depth = 0): unknown {
  if (value instanceof JinjaUndefined) return undefined;
  if (typeof value !== 'object' || value === null || depth > 20) return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => hostValue(item, depth + 1));
    if (!items.some((item, i) => item !== value[i])) return value;
    return isPythonTuple(value) ? pythonTuple(items) : items;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = hostValue(record[key], depth + 1);
    if (item !== record[key]) (copy ??= { ...record })[key] = item;
  }
  return copy ?? value;
}

/** Arguments for a function or filter (keyword ones too), with hostValue's values. */
function hostArguments(args: unknown[]): unknown[] {
  return args.map((arg) => hostValue(arg));
}

/** What an environment (made from the patched module) is told: set by its owner, none by default. */
export interface ContextLookupListener {
  /** A name not bound in the template's frame, and what the context (its variables, then the globals) gave: undefined when nothing. */
  onContextLookup?: (name: string, value: unknown) => void;
}

interface LookupContext { env: ContextLookupListener; lookup(name: string): unknown }
interface LookupFrame { lookup(name: string): unknown }

/**
 * A name not bound at compile time, as nunjucks' runtime.contextOrFrameLookup looks it up (the frame, then the
 * context), telling the environment's listener the names the frame does not hold: a template that writes
 * `{% if shout is defined %}` or `{{ fallback | default('x') }}` renders otherwise once a macro of that name comes
 * or goes, also when it never calls it, so JinjaRenderer records such names with the macros a render called
 * (RenderState.usedMacros). `quiet` leaves the listener untold: the value from outside a loop or with block's own
 * variable starts with, when the block sets it before reading it (nunjucks-loop-scopes.ts, nunjucks-with.ts).
 */
function contextOrFrameLookup(context: LookupContext, frame: LookupFrame, name: string, quiet = false): unknown {
  const local = frame.lookup(name);
  if (local !== undefined) return local;
  const value = context.lookup(name);
  if (!quiet) context.env.onContextLookup?.(name, value);
  return value;
}

/** Installs Jinja's Undefined on the compiler and runtime (called once, when nunjucks is loaded). */
export function withJinjaUndefined(nodes: { FunCall: NodeClass; LookupVal: NodeClass; Symbol: NodeClass }, compiler: { Compiler: { prototype: Record<string, unknown> } },
  runtime: Record<string, unknown>): void {
  const memberLookup = runtime.memberLookup as (obj: unknown, key: unknown) => unknown;
  const callWrap = runtime.callWrap as (obj: unknown, name: string, context: unknown, args: unknown[]) => unknown;
  const inOperator = runtime.inOperator as (key: unknown, container: unknown) => boolean;
  const applyFilter = runtime.applyFilter as (filter: Filter, context: unknown, args: unknown[], position: unknown, name: string) => unknown;
  Object.assign(runtime, {
    // Every name compiled templates look up (a callee's too, `foo()`, compiled by nunjucks' compileSymbol) is reported.
    contextOrFrameLookup,
    jinjaName: (context: LookupContext, frame: LookupFrame, name: string) => {
      const value = contextOrFrameLookup(context, frame, name);
      return value === undefined ? undefinedName(name) : value;
    },
    // A name compiled to a JavaScript variable: a loop variable (t_…), or a macro's parameter (l_…).
    jinjaLocal: (value: unknown, name: string, parameter: boolean) => (value === undefined ? undefinedName(name, parameter) : value),
    jinjaMember: (obj: unknown, key: unknown) => {
      failIfUndefined(obj);
      // An undefined key finds nothing (Jinja's getattr of it fails): the lookup is undefined too.
      if (key instanceof JinjaUndefined) return key;
      const value = memberLookup(obj, key);
      return value === undefined ? missingMember(obj, key) : value;
    },
    // A lookup naming what is called (`pkg.macro(...)`): nunjucks', undefined when missing, for callWrap's error.
    calleeMember: (obj: unknown, key: unknown) => memberLookup(undefinedAsMissing(obj), undefinedAsMissing(key)),
    callWrap: (obj: unknown, name: string, context: unknown, args: unknown[]) => callWrap(undefinedAsMissing(obj), name, context, takesUndefined(obj) ? args : hostArguments(args)),
    // Jinja iterates an Undefined as nothing: `'a' in x` is False; `x in 'abc'` Python's TypeError.
    // (JavaScript's undefined too, as a filter may give it, so that lite's `in` is the same.)
    inOperator: (key: unknown, container: unknown) => {
      if (isUndefined(container)) return false;
      if (isUndefined(key)) {
        if (typeof container === 'string' || container instanceof String) throw new Error("'in <string>' requires string as left operand, not Undefined");
        if (Array.isArray(container)) return container.some((item) => item instanceof JinjaUndefined || item === undefined);
        return false;
      }
      return pythonIn(key, container, inOperator);
    },
    applyFilter: (filter: Filter, context: unknown, args: unknown[], position: unknown, name: string) => {
      const [value] = args;
      if (value instanceof JinjaUndefined && Object.hasOwn(FAILING_FILTERS, name)) FAILING_FILTERS[name]!(value);
      const values = hostArguments(args);
      if (value instanceof JinjaUndefined && Object.hasOwn(EMPTY_FOR_FILTERS, name)) values[0] = EMPTY_FOR_FILTERS[name]!();
      else if (KEEPS_UNDEFINED_ITEMS.has(name)) values[0] = value;
      return applyFilter(filter, context, values, position, name);
    },
  });

  const proto = compiler.Compiler.prototype;
  // `in` at its position, where its error (`x in 'abc'` of an undefined x) is reported; inOperator ignores it.
  proto.compileIn = function (this: Compiler, node: { left: unknown; right: unknown } & Positioned, frame: unknown) {
    this._emit('runtime.inOperator(');
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(`, (lineno = ${node.lineno}, colno = ${node.colno}))`);
  };
  // The callee of a call, and the targets of its lookups (`a.b.c(...)`), are looked up as nunjucks does.
  const compileFunCall = proto.compileFunCall as (this: Compiler, node: { name: unknown }, frame: unknown) => void;
  proto.compileFunCall = function (this: Compiler, node: { name: unknown }, frame: unknown) {
    for (let part = node.name; part instanceof nodes.LookupVal || part instanceof nodes.Symbol; part = (part as LookupNode).target) {
      (part as LookupNode).calleePart = true;
      if (part instanceof nodes.Symbol) break;
    }
    return compileFunCall.call(this, node, frame);
  };
  const compileSymbol = proto.compileSymbol as (this: Compiler, node: SymbolNode, frame: CompileFrame) => void;
  proto.compileSymbol = function (this: Compiler, node: SymbolNode, frame: CompileFrame) {
    if (node.calleePart) return compileSymbol.call(this, node, frame);
    const local = frame.lookup(node.value);
    if (local) this._emit(`runtime.jinjaLocal(${local}, ${JSON.stringify(node.value)}, ${local.startsWith('l_')})`);
    else this._emit(`runtime.jinjaName(context, frame, ${JSON.stringify(node.value)})`);
  };
  // The lookup's position is where its error (`x.attr` of an undefined x) is reported; a callee's never fails, and
  // leaves the position to its call's.
  proto.compileLookupVal = function (this: Compiler, node: LookupNode, frame: unknown) {
    this._emit(`runtime.${node.calleePart ? 'calleeMember' : 'jinjaMember'}((`);
    this._compileExpression(node.target, frame);
    this._emit('), ');
    this._compileExpression(node.val, frame);
    this._emit(node.calleePart ? ')' : `, (lineno = ${node.lineno}, colno = ${node.colno}))`);
  };
  // A test gets JavaScript's undefined for an undefined value: `is defined`, `is none` (False) as in Jinja.
  proto.compileIs = function (this: Compiler, node: TestNode, frame: unknown) {
    const test = node.right.name ? node.right.name.value : node.right.value;
    this._emit(`env.getTest(${JSON.stringify(test)}).call(context, runtime.undefinedAsMissing(`);
    this.compile(node.left, frame);
    this._emit(')');
    if (node.right.args) {
      this._emit(', ');
      this.compile(node.right.args, frame);
    }
    this._emit(') === true');
  };
  runtime.undefinedAsMissing = undefinedAsMissing;
}
