import { argsByName } from './keyword-args.js';
import { JinjaUndefined } from './jinja-undefined.js';

/*
 * Python's str methods given Jinja's Undefined as an argument (`'a,b'.split(x)`, `s.replace(x, 'y')`,
 * `s.startswith(x)` with x undefined) raise Python's TypeError, its message as Jinja2 3.1.6 reports it; a
 * method reading the argument as an iterable or a value to print does not (`'-'.join(x)` is '', `'{}'.format(x)`
 * prints nothing): python-string-methods.ts reads those.
 */

const MUST_BE_STR = 'must be str, not Undefined';
const MUST_BE_STR_OR_NONE = 'must be str or None, not Undefined';
const MUST_BE_INTEGER = "'Undefined' object cannot be interpreted as an integer";
const FILL_CHARACTER = 'The fill character must be a unicode character, not Undefined';

/** A method's parameters, in order, each with Python's message for an undefined value of it. */
type Parameters = ReadonlyArray<readonly [name: string, message: string]>;

const strip = (name: string): Parameters => [['chars', `${name} arg must be None or str`]];
const affix = (name: string, parameter: string): Parameters => [[parameter, `${name} first arg must be str or a tuple of str, not Undefined`]];
const SLICE_INDEX = 'slice indices must be integers or None or have an __index__ method';
const sub: Parameters = [['sub', MUST_BE_STR], ['start', SLICE_INDEX], ['end', SLICE_INDEX]];
const splitting: Parameters = [['sep', MUST_BE_STR_OR_NONE], ['maxsplit', MUST_BE_INTEGER]];
const padding: Parameters = [['width', MUST_BE_INTEGER], ['fillchar', FILL_CHARACTER]];

const PARAMETERS: Record<string, Parameters> = {
  strip: strip('strip'), lstrip: strip('lstrip'), rstrip: strip('rstrip'),
  startswith: affix('startswith', 'prefix'), endswith: affix('endswith', 'suffix'),
  replace: [['old', 'replace() argument 1 must be str, not Undefined'], ['new', 'replace() argument 2 must be str, not Undefined'], ['count', MUST_BE_INTEGER]],
  split: splitting, rsplit: splitting,
  find: sub, rfind: sub, index: sub, rindex: sub, count: sub,
  partition: [['sep', MUST_BE_STR]], rpartition: [['sep', MUST_BE_STR]],
  removeprefix: [['prefix', 'removeprefix() argument must be str, not Undefined']],
  removesuffix: [['suffix', 'removesuffix() argument must be str, not Undefined']],
  zfill: [['width', MUST_BE_INTEGER]], ljust: padding, rjust: padding, center: padding,
  strftime: [['format', 'strftime() argument 1 must be str, not Undefined']],
  isoformat: [['sep', 'isoformat() argument 1 must be a unicode character, not Undefined']],
};

/** Raises Python's TypeError when the str method `name` is given an undefined value for a parameter that must not be one. */
export function failOnUndefinedArgument(name: string, args: readonly unknown[]): void {
  const parameters = Object.hasOwn(PARAMETERS, name) ? PARAMETERS[name]! : [];
  const bound = argsByName(args, parameters.map(([parameter]) => parameter));
  parameters.forEach(([, message], i) => {
    if (bound[i] instanceof JinjaUndefined) throw new Error(message);
  });
}
