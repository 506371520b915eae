import { didYouMean } from '../../util/did-you-mean.js';
import { escapeRegExp } from '../written-at.js';
import { keywordArgs } from './keyword-args.js';
import { pythonTuple } from './python-tuple.js';

/**
 * Jinja's checks of a macro call's arguments (nunjucks binds whatever it is given and drops the rest): a
 * keyword naming no parameter, more positional arguments than parameters, a parameter given twice are errors,
 * except that a macro whose body reads `kwargs` / `varargs` collects the extra keyword / positional ones there.
 * Both render paths check calls with `macroArgumentProblem` (the fast path declines such a call, nunjucks
 * raises the error).
 */
export interface MacroSignature {
  name: string;
  /** The parameters in the order positional arguments fill them (nunjucks: those without a default first). */
  params: readonly string[];
  /** Whether the body reads `varargs` (extra positional arguments) or `kwargs` (extra keyword arguments). */
  varargs: boolean;
  kwargs: boolean;
}

export interface MacroArgumentProblem {
  message: string;
  hint: string;
}

/** nunjucks passes `caller` of `{% call %}` as a keyword argument: every macro accepts it. */
const CALLER = 'caller';

const parameterList = (signature: MacroSignature) =>
  signature.params.length ? `its parameters are ${signature.params.join(', ')}` : 'it has no parameters';

/** What is wrong with calling the macro with `args` (as nunjucks passes them: keywords in a last object), if anything. */
export function macroArgumentProblem(signature: MacroSignature, args: readonly unknown[]): MacroArgumentProblem | undefined {
  const { positional, kwargs } = keywordArgs(args);
  const { name, params } = signature;
  for (const key of Object.keys(kwargs)) {
    if (key === CALLER) continue;
    const at = params.indexOf(key);
    if (at >= 0 && at < positional.length) {
      return { message: `macro '${name}' got multiple values for argument '${key}'`, hint: `'${key}' is already given by position (argument ${at + 1}): give it once` };
    }
    if (at < 0 && !signature.kwargs) {
      return { message: `macro '${name}' takes no keyword argument '${key}'`, hint: didYouMean(key, params) || parameterList(signature) };
    }
  }
  if (positional.length > params.length && !signature.varargs) {
    return {
      message: `macro '${name}' takes not more than ${params.length} argument(s)`,
      hint: `it is given ${positional.length}; ${parameterList(signature)}`,
    };
  }
  return undefined;
}

const MACRO_ARGUMENTS = 'MacroArguments';

/**
 * The arguments to call the macro's body with, as nunjucks passes them: throws when the call is wrong; for a
 * body reading `varargs` / `kwargs`, the extra arguments are taken out and passed as those two keywords.
 */
export function bindMacroArguments(signature: MacroSignature, args: unknown[]): unknown[] {
  const problem = macroArgumentProblem(signature, args);
  if (problem) {
    const error = new Error(JSON.stringify({ macro: signature.name, ...problem }));
    error.name = MACRO_ARGUMENTS;
    throw error;
  }
  if (!signature.varargs && !signature.kwargs) return args;
  const { positional, kwargs } = keywordArgs(args);
  const keywords: Record<string, unknown> = { __keywords: true };
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (key === CALLER || signature.params.includes(key)) keywords[key] = value;
    else extra[key] = value;
  }
  keywords.varargs = pythonTuple(positional.slice(signature.params.length));
  keywords.kwargs = extra;
  return [...positional.slice(0, signature.params.length), keywords];
}

/**
 * When a render failed at a macro call with wrong arguments (nunjucks wraps the error, keeping its name in
 * the message), the error to report and where such a call is written (not the macro's definition).
 */
export function macroArgumentsFailure(error: unknown): { code: string; message: string; hint: string; call: RegExp } | undefined {
  const text = error instanceof Error ? error.message : String(error);
  const found = new RegExp(`${MACRO_ARGUMENTS}: (\\{.*\\})`).exec(text);
  if (!found) return undefined;
  const { macro, message, hint } = JSON.parse(found[1]) as { macro: string } & MacroArgumentProblem;
  return { code: 'macro-arguments', message, hint, call: new RegExp(`(?<!\\bmacro\\s+)\\b${escapeRegExp(macro)}\\s*\\(`) };
}
