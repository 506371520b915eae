import { plainNumbers } from './python-float.js';
import { UNSUPPORTED_DBT_CONTEXT } from './unsupported-dbt-context.js';
import { argsByName, keywordArgs } from './keyword-args.js';
import { refPlaceholder, sourcePlaceholder, thisPlaceholder } from '../placeholders.js';
import type { RenderState } from './render-state.js';
import { RelationValue } from './relation-value.js';
import { namespace } from './jinja-namespace.js';
import { targetDatabase } from '../target-database.js';
import { hashText } from '../../util/hash-text.js';
import { pythonJsonDumps } from './python-json.js';
import { pythonDatetimeText } from './python-formatting.js';
import { isDict } from './python-repr.js';
import { escapeRegExp } from '../written-at.js';
import { nunjucksError } from './nunjucks-errors.js';
import { DEFAULT_RUN_THREADS, type Target } from '../../project/project-types.js';
import { pythonTuple } from './python-tuple.js';
import { takingUndefined, undefinedAsMissing } from './jinja-undefined.js';
import { assignDict, storedKey } from './number-keys.js';

/** Values every template sees: the target (without secrets), vars, the environment. */
export interface TemplateInputs {
  vars: Record<string, unknown>;
  env: Record<string, string | undefined>;
  target: Record<string, unknown>;
  runStartedAt: string;
  /** The project's name: the only package a two-argument `ref('package', 'model')` may name. */
  projectName?: string;
  /** The profile the target is read from (dbt_project.yml's `profile:`): dbt's `target.profile_name`. */
  profileName?: string;
}

const secretKeys = new Set(['password', 'token', 'pass', 'secret', 'private_key']);

/**
 * The target as templates see it: `target.name`, `target.type`, `target.schema`..., never secrets;
 * `target.database` as `this.database` names it on the target (targetDatabase); `target.threads` the
 * target's, else the 4 a run builds with; dbt's `target.profile_name` and `target.target_name` (the name).
 */
export function publicTarget(target: Record<string, unknown>, profileName?: string): Record<string, unknown> {
  const visible = Object.fromEntries(Object.entries(target).filter(([key]) => !secretKeys.has(key)));
  return {
    threads: DEFAULT_RUN_THREADS, ...(profileName === undefined ? {} : { profile_name: profileName }), target_name: target.name,
    ...visible, database: targetDatabase(target as unknown as Target),
  };
}

const argumentCount = (n: number) => `${n === 0 ? 'no' : n} argument${n === 1 ? '' : 's'}`;
const callText = (name: string, args: unknown[]) => `${name}(${args.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(', ')})`;

/**
 * Where a call of `name` with these arguments is written: its string arguments as written (either quote) and
 * in order, so of two calls on a line the wrong one is found; any call of `name` when an argument is not a string.
 */
function callNeedle(name: string, args: unknown[]): RegExp {
  if (!args.every((a) => typeof a === 'string')) return new RegExp(`\\b${name}\\s*\\(`);
  const written = (args as string[]).map((a) => `\\s*['"]${escapeRegExp(a)}['"]\\s*`);
  return new RegExp(`\\b${name}\\s*\\(${args.length === 0 ? '\\s*' : ''}${written.join(',')}\\)`);
}

const quoted = (name: string) => new RegExp(`['"]${escapeRegExp(name)}['"]`);

/**
 * The dbt functions models and macros call: ref, source, config, var, env_var, is_incremental, this.
 * They read and write `state()`, the model being rendered, so one set serves every model
 * (nunjucks globals) and the fast path alike.
 */
export function templateFunctions(inputs: TemplateInputs, state: () => RenderState, renderString?: (template: string) => string) {
  // dbt renders a project var holding Jinja when it is read (`loader: "{{ env_var('LOADER', 'x') }}"`).
  // The vars being rendered, outermost first: one read again inside itself would never end.
  const reading: string[] = [];
  const varValue = (name: string, value: unknown): unknown => {
    if (typeof value !== 'string' || !(value.includes('{{') || value.includes('{%'))) return value;
    if (!renderString) throw new Error('a var holding Jinja is rendered by nunjucks');
    reading.push(name);
    try {
      return renderString(value);
    } catch (error) {
      // Said as the var's, at the model's var() call (nunjucks' own text would name a line of the var's value).
      const failure = nunjucksError(error, '', value, 'render');
      state().problems.push({ code: failure.code, message: `var '${name}' holds Jinja that does not render: ${failure.message}`, needle: quoted(reading[0]), hint: failure.hint ?? undefined });
      return '';
    } finally {
      reading.pop();
    }
  };
  // A ref() or source() called with the wrong number of arguments: an error at the call, and no reference.
  const badCall = (message: string, needle: RegExp, hint: string): RelationValue => {
    state().problems.push({ code: 'invalid-arguments', message, needle, hint });
    return new RelationValue('');
  };
  const functions = {
    ref(...args: unknown[]): RelationValue {
      const { positional, kwargs } = keywordArgs(args);
      if (positional.length > 2 || (positional.length === 0 && kwargs.name === undefined)) {
        return badCall(`ref() takes a model's name, or a package's and a model's: ${callText('ref', positional)} has ${argumentCount(positional.length)}`,
          callNeedle('ref', positional), "write ref('model') or ref('package', 'model')");
      }
      const name = String(positional.length > 1 ? positional[1] : positional[0] ?? kwargs.name ?? '');
      const s = state();
      s.refs.push(name);
      const version = kwargs.version ?? kwargs.v;
      if (version !== undefined) {
        // dbt's model versions (versions: in a property file) are not in amp-dbt: reading the model as it is would be a silent change.
        s.problems.push({
          code: 'unsupported-dbt',
          message: `ref('${name}', ${kwargs.version !== undefined ? 'version' : 'v'}=${String(version)}) names a model version; amp-dbt has no model versions`,
          needle: /\b(?:version|v)\s*=/,
          hint: `write ref('${name}'): each model is one file, and a commit (an environment) is its version`,
        });
      }
      const pkg = positional.length > 1 ? String(positional[0]) : undefined;
      if (pkg !== undefined && inputs.projectName !== undefined && pkg !== inputs.projectName) {
        s.problems.push({
          code: 'unknown-package',
          message: `ref('${pkg}', '${name}') names the package '${pkg}', which is not this project ('${inputs.projectName}'); packages are not supported`,
          needle: quoted(pkg),
          hint: `write ref('${name}') or ref('${inputs.projectName}', '${name}')`,
        });
      }
      return new RelationValue(refPlaceholder(name));
    },
    source(...args: unknown[]): RelationValue {
      const { positional, kwargs } = keywordArgs(args);
      const [sourceArg, tableArg] = [positional[0] ?? kwargs.source_name, positional[1] ?? kwargs.table_name];
      if (positional.length > 2 || sourceArg === undefined || tableArg === undefined) {
        return badCall(`source() takes a source's name and a table's: ${callText('source', positional)} has ${argumentCount(positional.length)}`,
          callNeedle('source', positional), "write source('source_name', 'table_name'), as declared under 'sources:' in a property file");
      }
      const [source, table] = [sourceArg, tableArg].map((a) => String(a ?? ''));
      state().sources.push({ source, table });
      return new RelationValue(sourcePlaceholder(source, table));
    },
    config(...args: unknown[]): string {
      const { positional, kwargs } = keywordArgs(args);
      // dbt takes the configs as keyword arguments or as one dict: config({'materialized': 'table'}).
      for (const value of positional) {
        if (isDict(value)) Object.assign(state().config, plainNumbers(value));
        else state().problems.push({ code: 'invalid-arguments', message: `config() takes keyword arguments or one dict, not ${callText('config', [value])}`, needle: /\bconfig\s*\(/, hint: "write config(materialized='table') or config({'materialized': 'table'})" });
      }
      // A float config (`config(threshold=1.0)`) is kept as its number, as configs from YAML are.
      for (const key in kwargs) state().config[key] = plainNumbers(kwargs[key]);
      return '';
    },
    var(...args: unknown[]): unknown {
      const { positional } = keywordArgs(args);
      const name = String(positional[0]);
      const s = state();
      s.usedVars.add(name);
      if (reading.includes(name)) {
        s.problems.push({
          code: 'var-cycle',
          message: `var '${name}' is written in Jinja that reads itself: ${[...reading.slice(reading.indexOf(name)), name].join(' -> ')}`,
          needle: quoted(reading[0]),
          hint: 'change the value of one of these vars (under vars: in dbt_project.yml, or --vars) so that it reads none of them',
        });
        return '';
      }
      if (Object.prototype.hasOwnProperty.call(inputs.vars, name)) return varValue(name, inputs.vars[name]);
      if (positional.length > 1) return positional[1];
      s.problems.push({
        code: 'undefined-var',
        message: `var '${name}' is not defined and has no default`,
        needle: quoted(name),
        fallback: /\bvar\s*\(/,
        hint: `define it under 'vars:' in dbt_project.yml, pass --vars '{"${name}": ...}', or give a default: var('${name}', ...)`,
      });
      return '';
    },
    env_var(...args: unknown[]): unknown {
      const { positional } = keywordArgs(args);
      const name = String(positional[0]);
      const value = inputs.env[name];
      if (value !== undefined) return value;
      if (positional.length > 1) return positional[1];
      state().problems.push({
        code: 'missing-env-var',
        message: `environment variable '${name}' is not set and env_var() has no default`,
        needle: quoted(name),
        hint: `set ${name} in the environment or give a default: env_var('${name}', '...')`,
      });
      return '';
    },
    namespace,
    /** dbt's fromjson(string, default=None): the JSON's value; the default when the text is not JSON. */
    fromjson(...args: unknown[]): unknown {
      const [text, fallback] = argsByName(args, ['string', 'default']);
      try {
        return JSON.parse(String(text));
      } catch {
        return fallback ?? null;
      }
    },
    /**
     * dbt's tojson(value, sort_keys=False): Python's json.dumps. It gets Jinja's undefined values as they are:
     * json.dumps raises Python's TypeError for one (`tojson([x])`), which dbt's tojson does not catch.
     */
    tojson: takingUndefined((...args: unknown[]): string => {
      const [value, sortKeys] = argsByName(args, ['value', 'sort_keys']);
      return pythonJsonDumps(value, !!undefinedAsMissing(sortKeys));
    }),
    /** dbt's local_md5(string): the hex MD5 of the text (UTF-8). */
    local_md5(...args: unknown[]): string {
      return hashText('md5', String(argsByName(args, ['value'])[0] ?? ''));
    },
    /** Python's dict(): `dict(a=1)`, `dict(other)`, `dict([['k', 'v']])`, a new dict of the entries and the keyword arguments. */
    dict(...args: unknown[]): Record<string, unknown> {
      const { positional: [from], kwargs } = keywordArgs(args);
      const dict: Record<string, unknown> = {};
      if (Array.isArray(from)) {
        from.forEach((pair, i) => {
          if (!Array.isArray(pair) || pair.length !== 2) throw new Error(`dict() of a list takes [key, value] pairs: item ${i} is not one`);
          dict[storedKey(dict, pair[0])] = pair[1];
        });
      } else if (from && typeof from === 'object') assignDict(dict, from);
      return Object.assign(dict, kwargs);
    },
    /** Python's zip(a, b, ...): tuples of the items at each position, as long as the shortest. */
    zip(...args: unknown[]): unknown[][] {
      const lists = keywordArgs(args).positional.map((value) => (Array.isArray(value) ? value : typeof value === 'string' ? [...value] : []));
      const length = lists.length ? Math.min(...lists.map((list) => list.length)) : 0;
      return Array.from({ length }, (_, i) => pythonTuple(lists.map((list) => list[i])));
    },
    is_incremental(): boolean {
      return state().isIncremental;
    },
    /** dbt's log(message, info=False): with info=True the message is shown (renderModelText prints it); otherwise dbt only files it. */
    log(...args: unknown[]): string {
      const [message, info] = argsByName(args, ['msg', 'info']);
      if (info) state().logs.push(String(message ?? ''));
      return '';
    },
    this: new RelationValue(thisPlaceholder()),
    // dbt's `execute` is false only while dbt parses a project; amp-dbt renders once, as dbt's compile does.
    execute: true,
    target: publicTarget(inputs.target, inputs.profileName),
    // dbt's is a UTC datetime, which prints as Python prints one; strftime() and isoformat() work on the text.
    run_started_at: pythonDatetimeText(inputs.runStartedAt),
    // Jinja's (Python's) spellings, which dbt projects use (`config(enabled=False)`); nunjucks only knows
    // true, false and none, and would read these as undefined names: an empty value, so False acted as true.
    True: true,
    False: false,
    None: null,
  };
  // dbt's config.get('key', default) and config.require('key'): the model's config so far (its config()
  // calls over dbt_project.yml's folders and its property file).
  const configValue = (key: string): unknown => {
    const s = state();
    return Object.hasOwn(s.config, key) ? s.config[key] : s.baseConfig[key];
  };
  Object.assign(functions.config, {
    get(...args: unknown[]): unknown {
      const [key, fallback] = argsByName(args, ['name', 'default']);
      return configValue(String(key)) ?? fallback ?? null;
    },
    require(...args: unknown[]): unknown {
      const [key] = argsByName(args, ['name']);
      const value = configValue(String(key));
      if (value === undefined || value === null) throw new Error(`config '${String(key)}' is required and not set`);
      return value;
    },
  });
  return functions;
}

export type TemplateFunctions = ReturnType<typeof templateFunctions>;

/**
 * Every name templates find without a macro of the name (template functions, dbt's objects, nunjucks'
 * globals, the dbt context amp-dbt reports as unsupported): a project macro of one of these names replaces it
 * wherever it is used, so a recording cannot tell from the models which ones it changes.
 */
export function templateGlobalNames(): Set<string> {
  const functions = templateFunctions({ vars: {}, env: {}, target: {}, runStartedAt: '' }, () => {
    throw new Error('not rendering');
  });
  return new Set([...Object.keys(functions), 'return', 'exceptions', 'adapter', 'dbt', 'range', 'cycler', 'joiner', ...UNSUPPORTED_DBT_CONTEXT.keys()]);
}
