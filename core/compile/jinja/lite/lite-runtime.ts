import { BoundMacro, UNSUPPORTED_MACRO, type LiteEnvironment } from './lite-environment.js';
import { pythonCollectionMethod } from '../python-collection-methods.js';
import { pythonStringMethod } from '../python-string-methods.js';
import { jinjaTruthy, pythonIn, pythonIndex, pythonNegate, pythonPositive, pythonSlice } from '../python-operators.js';
import { jinjaCompare } from '../jinja-comparisons.js';
import { pythonTuple } from '../python-tuple.js';
import { PYTHON_OPERATORS } from './lite-python-operators.js';
import { applyFilter } from './lite-filters.js';
import { setNamespaceAttribute } from '../jinja-namespace.js';
import { macroArgumentProblem } from '../macro-arguments.js';
import { UNSUPPORTED_DBT_CONTEXT } from '../unsupported-dbt-context.js';
import { EMPTY_FOR_FILTERS, FAILING_FILTERS } from '../nunjucks-undefined.js';
import { takesUndefined } from '../jinja-undefined.js';
import { keywordArgs } from '../keyword-args.js';
import { isDict, printed } from '../python-repr.js';
import type { Expr, Stmt } from './lite-nodes.js';
import { LiteSafeString } from './lite-safe-string.js';
import { LiteUnsupported } from './lite-unsupported.js';

/**
 * The tree-walking evaluator. Each function body (a template's top level, a macro call) runs in
 * an Activation; names resolve as in nunjucks' compiled code: compile-time bindings (slots),
 * then the innermost `loop`, the macro's frame, the template context, the environment.
 */
export interface Activation {
  env: LiteEnvironment;
  /** Loop variables and positional macro parameters. */
  locals: unknown[];
  /** A macro's runtime frame (parameters with defaults, its `set`s); null at a template's top level. */
  frame: Map<string, unknown> | null;
  /** The `loop` objects of the enclosing for loops, innermost last. */
  loops: Array<Record<string, unknown>>;
  /** Context variables: the template's top-level sets and macros, or a macros/ file's macros. */
  scope: Map<string, unknown>;
  depth: number;
}

const unsupported = (what: string): never => {
  throw new LiteUnsupported(what);
};

const NOT_FOUND: unique symbol = Symbol('not found');
/** lookupGlobal's answer for a name installed as a macro in the environment. */
const ENV_MACRO: unique symbol = Symbol('environment macro');
const MAX_MACRO_DEPTH = 200;
const MAX_RANGE = 100_000;

/** nunjucks' default globals that the environment does not override; `range` is reproduced. */
function builtinGlobal(name: string): unknown {
  if (name === 'range') return range;
  if (name === 'cycler' || name === 'joiner') return unsupported(`nunjucks global '${name}'`);
  return undefined;
}

/** nunjucks' `range` global (globals.js), argument handling included. */
function range(start: any, stop?: any, step?: any): unknown[] {
  if (typeof stop === 'undefined') {
    stop = start;
    start = 0;
    step = 1;
  } else if (!step) {
    step = 1;
  }
  const out: unknown[] = [];
  const push = (value: unknown) => {
    if (out.push(value) > MAX_RANGE) unsupported('range too long');
  };
  if (step > 0) {
    for (let i = start; i < stop; i += step) push(i);
  } else {
    for (let i = start; i > stop; i += step) push(i);
  }
  return out;
}

/** The value of a name in the activation's own scopes, or NOT_FOUND. */
function lookupLocal(name: string, act: Activation): unknown {
  if (name === 'loop' && act.loops.length) return act.loops[act.loops.length - 1];
  // A macro's parameter or set that is undefined is still bound (nunjucks' frame holds a JinjaUndefined).
  if (act.frame?.has(name)) return act.frame.get(name);
  if (act.scope.has(name)) {
    const value = act.scope.get(name);
    if (value === UNSUPPORTED_MACRO) unsupported(`macro '${name}' is not supported by lite`);
    return value;
  }
  return NOT_FOUND;
}

/**
 * What nunjucks' Context.lookup finds in env.globals: project macros (installed last, so they
 * win over functions of the same name), then the template functions, then nunjucks' defaults.
 */
function lookupGlobal(name: string, env: LiteEnvironment): unknown {
  if (name === env.projectNamespace) unsupported("the project's macro namespace");
  if (env.unsupportedMacros.has(name)) unsupported(`macro '${name}' is not supported by lite`);
  if (env.macros.has(name)) return ENV_MACRO;
  if (name in env.globals) return env.globals[name];
  // nunjucks (JinjaRenderer) reports the use of one of these as an error.
  if (UNSUPPORTED_DBT_CONTEXT.has(name)) unsupported(`dbt's '${name}'`);
  const value = builtinGlobal(name);
  if (value === undefined) env.onUndefinedName?.(name);
  return value;
}

/** A name's value where it is not called: macros (nunjucks functions) are left to nunjucks. */
function lookupName(name: string, act: Activation): unknown {
  let value = lookupLocal(name, act);
  if (value === NOT_FOUND) value = lookupGlobal(name, act.env);
  if (value === ENV_MACRO || value instanceof BoundMacro) unsupported(`macro '${name}' used as a value`);
  return value;
}

/**
 * Jinja's Undefined (jinja-undefined.ts) is JavaScript's undefined here: printed, tested for truth, iterated and
 * compared with `==` as nunjucks does, but anything that raises Jinja's UndefinedError there (`x + 1`, `x < 1`,
 * `x.attr`, a filter of it) is left to nunjucks, which reports the error.
 */
function defined<T>(value: T): T {
  if (value === undefined) unsupported('an undefined value used');
  return value;
}

/** nunjucks' memberLookup, except that methods are only called, never taken as values. */
function member(obj: any, name: unknown): unknown {
  if (obj === null) return undefined;
  // A lookup in an undefined value raises in nunjucks; an undefined key finds nothing.
  defined(obj);
  if (name === undefined) return undefined;
  const key = pythonIndex(obj, name);
  checkKey(key);
  const value = obj[key as PropertyKey];
  if (typeof value === 'function') unsupported('method used as a value');
  // nunjucks gives Python's methods here (jinja-renderer), which lite leaves to it.
  // A String object too: a relation (`this`, `ref()`) or a macro's output.
  const text = typeof obj === 'string' || obj instanceof String;
  if (value === undefined && (text ? pythonStringMethod(String(obj), key) : pythonCollectionMethod(obj, key))) unsupported('method used as a value');
  return value;
}

function checkKey(key: unknown): void {
  const type = typeof key;
  if (type === 'object' && key !== null) unsupported('object used as a key');
  if (type === 'function' || type === 'symbol') unsupported('key type');
  if (type === 'string' && (key as string) in Object.prototype) unsupported(`key '${key as string}'`);
}

/** Python's `in`, as nunjucks' runtime.inOperator (nunjucks-undefined.ts) gives it; a host object is left to nunjucks. */
function inOperator(key: unknown, container: unknown): boolean {
  return pythonIn(key, container, () => unsupported('`in` on this type'));
}

/** Whether a value handed to a host function holds a macro result (not nunjucks' SafeString class). */
function holdsSafeString(value: unknown, depth: number): boolean {
  if (value instanceof LiteSafeString) return true;
  if (typeof value !== 'object' || value === null) return false;
  if (depth > 3) return true;
  if (Array.isArray(value)) return value.some((item) => holdsSafeString(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (holdsSafeString((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

export function evaluate(e: Expr, act: Activation): unknown {
  switch (e.k) {
    case 'lit':
      return e.value;
    case 'sym':
      return e.slot >= 0 ? act.locals[e.slot] : lookupName(e.name, act);
    case 'array': {
      const out = new Array(e.items.length);
      // An undefined item prints as Undefined in nunjucks (a JinjaUndefined), as None here.
      for (let i = 0; i < e.items.length; i++) out[i] = defined(evaluate(e.items[i], act));
      return e.tuple ? pythonTuple(out) : out;
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < e.keys.length; i++) out[e.keys[i]] = defined(evaluate(e.values[i], act));
      return out;
    }
    case 'lookup': {
      const obj = evaluate(e.target, act);
      return member(obj, evaluate(e.key, act));
    }
    case 'call':
      return call(e, act);
    case 'filter': {
      const args = new Array(e.args.length);
      for (let i = 0; i < e.args.length; i++) args[i] = evaluate(e.args[i], act);
      // nunjucks gives filters JavaScript's undefined for an undefined value, but for those that raise or read it as empty.
      if (args[0] === undefined && (Object.hasOwn(FAILING_FILTERS, e.name) || Object.hasOwn(EMPTY_FOR_FILTERS, e.name))) defined(args[0]);
      return applyFilter(e.name, args);
    }
    case 'cond':
      return jinjaTruthy(evaluate(e.test, act)) ? evaluate(e.then, act) : evaluate(e.otherwise, act);
    case 'in': {
      const left = evaluate(e.left, act);
      const right = evaluate(e.right, act);
      // As nunjucks' `in` of a JinjaUndefined (nunjucks-undefined.ts): nothing is in it, and it is in a list holding one.
      if (right === undefined) return false;
      if (left === undefined) return Array.isArray(right) ? right.includes(undefined) : isDict(right) ? false : unsupported('undefined in a string');
      return inOperator(left, right);
    }
    case 'and': {
      const left = evaluate(e.left, act);
      return jinjaTruthy(left) ? evaluate(e.right, act) : left;
    }
    case 'or': {
      const left = evaluate(e.left, act);
      return jinjaTruthy(left) ? left : evaluate(e.right, act);
    }
    case 'not':
      return !jinjaTruthy(evaluate(e.target, act));
    case 'neg':
      return pythonNegate(defined(evaluate(e.target, act)));
    case 'pos':
      return pythonPositive(defined(evaluate(e.target, act)));
    case 'slice': {
      const bound = (x: Expr | null) => (x === null ? null : defined(evaluate(x, act)));
      return pythonSlice(defined(evaluate(e.target, act)), bound(e.start), bound(e.stop), bound(e.step));
    }
    case 'python': {
      const [left, right] = [evaluate(e.left, act), evaluate(e.right, act)];
      // `~`, `==` and `!=` take an undefined value as nunjucks does; the arithmetic raises in nunjucks.
      if (e.op !== '~' && e.op !== 'eq' && e.op !== 'ne') [left, right].forEach(defined);
      return PYTHON_OPERATORS[e.op](left, right);
    }
    case 'chain': {
      let left = evaluate(e.operands[0], act);
      for (let i = 0; i < e.ops.length; i++) {
        const right = evaluate(e.operands[i + 1], act);
        if (ordering(e.ops[i])) [left, right].forEach(defined);
        if (!jinjaCompare(e.ops[i], left, right)) return false;
        left = right;
      }
      return true;
    }
    case 'binary': {
      const [left, right] = [evaluate(e.left, act), evaluate(e.right, act)];
      if (ordering(e.op)) [left, right].forEach(defined);
      return jinjaCompare(e.op, left, right);
    }
  }
}

/** Whether a comparison orders its operands (`<`, `>=` ...), which raises for an undefined one; `==` and `!=` do not. */
const ordering = (op: string): boolean => op !== '==' && op !== '!=' && op !== '===' && op !== '!==';

function call(e: Extract<Expr, { k: 'call' }>, act: Activation): unknown {
  const callee = e.callee;
  let fn: unknown;
  let self: unknown;
  let globalMacro: string | undefined;
  if (callee.k === 'sym' && callee.slot < 0) {
    fn = lookupLocal(callee.name, act);
    if (fn === NOT_FOUND) fn = lookupGlobal(callee.name, act.env);
    if (fn === ENV_MACRO) {
      fn = act.env.macros.get(callee.name);
      globalMacro = callee.name;
      if (!(fn instanceof BoundMacro)) unsupported(`macro '${callee.name}' is not a lite macro`);
    }
  } else if (callee.k === 'lookup') {
    const obj: any = evaluate(callee.target, act);
    const key = evaluate(callee.key, act);
    if (obj !== undefined && obj !== null) {
      checkKey(key);
      fn = (typeof obj === 'string' && pythonStringMethod(obj, key)) || obj[key as PropertyKey];
      if (typeof fn === 'function') {
        // Methods of shared objects could mutate them, and a declined render is redone by nunjucks.
        if (typeof obj === 'object' || typeof obj === 'function') unsupported('method call on an object');
        self = obj;
      }
    }
  } else {
    fn = evaluate(callee, act);
  }
  const args = new Array(e.args.length);
  for (let i = 0; i < e.args.length; i++) args[i] = evaluate(e.args[i], act);
  if (e.kwNames.length) {
    const kwargs: Record<string, unknown> = {};
    for (let i = 0; i < e.kwNames.length; i++) kwargs[e.kwNames[i]] = evaluate(e.kwValues[i], act);
    kwargs.__keywords = true;
    args.push(kwargs);
  }
  if (fn instanceof BoundMacro) {
    if (globalMacro !== undefined) act.env.onMacroCall?.(globalMacro);
    return callMacro(fn, args, act);
  }
  if (typeof fn !== 'function') return unsupported('call of something that is not a function');
  if (args.some((arg) => holdsSafeString(arg, 0))) unsupported('macro output passed to a host function');
  // A function given Jinja's Undefined as it is (Python's str methods, tojson) may raise on it, where it would read
  // JavaScript's undefined as none given: nunjucks calls it with a JinjaUndefined.
  if (takesUndefined(fn)) {
    const { positional, kwargs } = keywordArgs(args);
    if ([...positional, ...Object.values(kwargs)].includes(undefined)) unsupported('an undefined value passed to a function that may raise on it');
  }
  return fn.apply(self, args);
}

const isKeywordArgs = (value: unknown): value is Record<string, unknown> =>
  !!value && Object.prototype.hasOwnProperty.call(value, '__keywords');

/** runtime.makeMacro's argument binding, then the compiled macro function's frame set-up. */
function callMacro(macro: BoundMacro, macroArgs: unknown[], caller: Activation): LiteSafeString {
  if (caller.depth >= MAX_MACRO_DEPTH) unsupported('macro recursion too deep');
  const def = macro.def;
  const positional = def.positional;
  const last = macroArgs[macroArgs.length - 1];
  const hasKeywords = macroArgs.length > 0 && isKeywordArgs(last);
  const argCount = hasKeywords ? macroArgs.length - 1 : macroArgs.length;
  const keywords: Record<string, unknown> = hasKeywords ? last : {};
  // A call Jinja rejects (macro-arguments.ts) is left to nunjucks, which reports it. Lite macros never read varargs or kwargs.
  if (hasKeywords || argCount > positional.length + def.defaults.length) {
    const signature = { name: def.name, params: [...positional, ...def.defaults.map((d) => d.name)], varargs: false, kwargs: false };
    if (macroArgumentProblem(signature, macroArgs)) unsupported('macro arguments Jinja rejects');
  }
  let args: unknown[];
  if (argCount > positional.length) {
    args = macroArgs.slice(0, positional.length);
    macroArgs.slice(positional.length, argCount).forEach((value, i) => {
      if (i < def.defaults.length) keywords[def.defaults[i].name] = value;
    });
    args.push(keywords);
  } else if (argCount < positional.length) {
    args = macroArgs.slice(0, argCount);
    for (let i = argCount; i < positional.length; i++) {
      args.push(keywords[positional[i]]);
      delete keywords[positional[i]];
    }
    args.push(keywords);
  } else {
    args = macroArgs;
  }
  const kwargs = (args[positional.length] || {}) as Record<string, unknown>;
  const locals = new Array(def.slotCount);
  for (let i = 0; i < positional.length; i++) locals[i] = args[i];
  const frame = new Map<string, unknown>();
  const act: Activation = { env: caller.env, locals, frame, loops: [], scope: macro.scope, depth: caller.depth + 1 };
  // Parameters with defaults, in order: each default is evaluated in the frame holding the earlier ones.
  for (const { name, expr } of def.defaults) {
    frame.set(name, Object.prototype.hasOwnProperty.call(kwargs, name) ? kwargs[name] : evaluate(expr, act));
  }
  return new LiteSafeString(run(def.body, act));
}

function forLoop(s: Extract<Stmt, { k: 'for' }>, act: Activation): string {
  const arr = evaluate(s.iterable, act);
  if (!arr) return '';
  if (!Array.isArray(arr)) return unsupported('for over something other than an array');
  const len = arr.length;
  // loop.cycle() is nunjucks' (nunjucks-jinja's withLoopAttributes): lite declines method calls on objects.
  const loop: Record<string, unknown> = { index: 0, index0: 0, revindex: 0, revindex0: 0, first: false, last: false, length: 0, previtem: undefined,
    nextitem: undefined, depth: 1, depth0: 0 };
  const slots = s.slots;
  act.loops.push(loop);
  let out = '';
  try {
    for (let i = 0; i < arr.length; i++) {
      const item = arr[i];
      if (slots.length === 1) {
        act.locals[slots[0]] = item;
      } else {
        if (item === null || item === undefined) unsupported('unpacking null in a for loop');
        for (let u = 0; u < slots.length; u++) act.locals[slots[u]] = (item as any)[u];
      }
      loop.index = i + 1;
      loop.index0 = i;
      loop.revindex = len - i;
      loop.revindex0 = len - i - 1;
      loop.first = i === 0;
      loop.last = i === len - 1;
      loop.length = len;
      loop.previtem = i > 0 ? arr[i - 1] : undefined;
      loop.nextitem = i < len - 1 ? arr[i + 1] : undefined;
      out += run(s.body, act);
    }
  } finally {
    act.loops.pop();
  }
  return out;
}

/** Renders statements: `{{ }}` appends the value as nunjucks does (Python's str of it, python-repr.ts; '' for undefined). */
export function run(stmts: readonly Stmt[], act: Activation): string {
  let out = '';
  for (const s of stmts) {
    switch (s.k) {
      case 'text':
        out += s.text;
        break;
      case 'output': {
        const value = evaluate(s.expr, act);
        if (value === undefined) break;
        if (typeof value === 'function' || typeof value === 'symbol') unsupported('printing a function');
        out += printed(value) as string;
        break;
      }
      case 'if':
        if (jinjaTruthy(evaluate(s.test, act))) out += run(s.then, act);
        else if (s.otherwise) out += run(s.otherwise, act);
        break;
      case 'for':
        out += forLoop(s, act);
        break;
      case 'set': {
        const target = s.target;
        if (target.k === 'attribute') {
          const object = evaluate(target.object, act);
          setNamespaceAttribute(object, target.name, evaluate(s.expr, act));
          break;
        }
        const value = evaluate(s.expr, act);
        if (target.k === 'context') act.scope.set(target.name, value);
        else if (target.k === 'frame') act.frame!.set(target.name, value);
        else act.locals[target.slot] = value;
        break;
      }
      case 'macro':
        act.scope.set(s.def.name, new BoundMacro(s.def.name, s.def, act.scope));
        break;
    }
  }
  return out;
}
