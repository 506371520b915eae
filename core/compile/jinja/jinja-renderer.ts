import type nunjucksTypes from 'nunjucks';
import { CompileError, ReportedElsewhere, type Diagnostics } from '../../errors.js';
import type { MacroFile } from '../../project/project-types.js';
import { callPath, callPattern, missingFilterOrTest, nunjucksError, renderErrorPosition } from './nunjucks-errors.js';
import { dbtNamespace } from './dbt-namespace.js';
import { JINJA_TESTS, jinjaFilters } from './jinja-filters.js';
import { macroReturn } from './macro-return.js';
import { macroArgumentsFailure } from './macro-arguments.js';
import { notANamespaceFailure } from './jinja-namespace.js';
import { DoTag, LoopControlTag, nunjucksModule, takeFailedFilter } from './nunjucks-jinja.js';
import { WithTag } from './nunjucks-with.js';
import { offsetAt, positionAt } from '../../util/text-position.js';
import { writtenPosition } from '../../project/generic-test-blocks.js';
import { escapeRegExp, insideTag, macroNamesIn, writtenInUsedMacro, writtenOffset, type WrittenAt } from '../written-at.js';
import { UNSUPPORTED_DBT_CONTEXT } from './unsupported-dbt-context.js';
import { markMacro } from './jinja-undefined.js';
import { plainNumbers } from './python-float.js';
import type { RenderState } from './render-state.js';
import type { ContextLookupListener } from './nunjucks-undefined.js';
import { templateFunctions, type TemplateFunctions, type TemplateInputs } from './template-functions.js';

/** The global renderValue passes a config value's expression to. */
const CAPTURE = '__amp_dbt_config_value';

/**
 * Renders Jinja models with nunjucks (autoescape off). Macros from macros/ are compiled once and
 * installed as globals, so models and macros call each other by bare name, as in dbt.
 */
export class JinjaRenderer {
  readonly functions: TemplateFunctions;
  private readonly env: nunjucksTypes.Environment;
  private current: RenderState | undefined;
  /** An error a template function raised on purpose during the render under way, and where such a call is written. */
  private raised: { code: string; message: string; hint: string; call: RegExp } | undefined;
  readonly macroNames = new Map<string, string>();
  /** The macros of macro files with a syntax error (reported once, at the file), by name: the file. */
  private readonly unreadableMacros = new Map<string, string>();
  private readonly projectName: string | undefined;
  /** The macro files: where an error raised inside a macro is looked for. */
  private readonly macros: readonly MacroFile[];

  constructor(inputs: TemplateInputs, macros: MacroFile[], diagnostics: Diagnostics) {
    this.functions = templateFunctions(inputs, () => this.state(), (template) => this.env.renderString(template, {}));
    this.macros = macros;
    this.projectName = inputs.projectName;
    this.env = new (nunjucksModule().Environment)(null, { autoescape: false, throwOnUndefined: false });
    // A macro looked up (`is defined`, not only called) or a name found nowhere counts as a macro used: a macro
    // of that name, once changed, added or removed, changes the render (changedMacroNames holds all three).
    (this.env as ContextLookupListener).onContextLookup = (name, value) => {
      if (value === undefined || this.macroNames.has(name)) this.current?.usedMacros.add(name);
    };
    for (const [name, value] of Object.entries(this.functions)) this.env.addGlobal(name, value);
    this.env.addGlobal('return', macroReturn);
    this.env.addGlobal('exceptions', {
      raise_compiler_error: (message: unknown): never => {
        this.raised = { code: 'compiler-error', message: String(message), hint: 'raised by the template (exceptions.raise_compiler_error)', call: /\braise_compiler_error\s*\(/ };
        throw new Error(this.raised.message);
      },
      // dbt's exceptions.warn: a warning where the template calls it; the render goes on.
      warn: (message: unknown): string => {
        const call = /\bexceptions\s*\.\s*warn\s*\(/;
        // Where the call with this message is written (a macro's, not the model's own other warn), else any such call.
        this.state().problems.push({
          code: 'template-warning', message: String(message), needle: callWithMessage(call, String(message)), fallback: call,
          hint: 'raised by the template (exceptions.warn)', warning: true,
        });
        return '';
      },
    });
    for (const [name, { message, hint }] of UNSUPPORTED_DBT_CONTEXT) {
      // Read when a template uses the name (unless it is a variable of the template or macro): an error there.
      // A project macro of the name (installed with addGlobal) replaces it.
      const globals = (this.env as unknown as { globals: object }).globals;
      Object.defineProperty(globals, name, {
        enumerable: true,
        configurable: true,
        get: () => {
          this.raised = { code: 'unsupported-dbt', message, hint, call: new RegExp(`\\b${name}\\b(?!\\s*=[^=])`) };
          throw new Error(message);
        },
        set: (value: unknown) => Object.defineProperty(globals, name, { value, enumerable: true, configurable: true, writable: true }),
      });
    }
    this.env.addGlobal('adapter', this.adapter(String(inputs.target.type ?? '')));
    this.env.addGlobal('dbt', dbtNamespace(String(inputs.target.type ?? '')));
    this.env.addExtension('do', new DoTag());
    this.env.addExtension('loop-controls', new LoopControlTag());
    this.env.addExtension('with', new WithTag());
    // nunjucks' own tests and Jinja's it lacks (@types/nunjucks declares neither addTest nor tests).
    const testing = this.env as unknown as { tests: Record<string, (value: unknown, arg?: unknown) => boolean>; addTest(name: string, test: unknown): void };
    for (const [name, test] of Object.entries(JINJA_TESTS)) testing.addTest(name, test);
    const tests = testing.tests;
    const filters = jinjaFilters((filter) => this.env.getFilter(filter) as (...args: unknown[]) => unknown, (test) => (Object.hasOwn(tests, test) ? tests[test] : undefined));
    for (const [name, filter] of Object.entries(filters)) this.env.addFilter(name, filter);
    for (const macro of macros) this.installMacros(macro, diagnostics);
    this.installProjectNamespace(inputs.projectName);
  }

  /**
   * dbt's namespace of the project's own macros, the project's name: `{{ jaffle_shop.cents_to_dollars('amount') }}`
   * calls the macro as `cents_to_dollars(...)` does (unless the name is taken: a global such as `dbt`). A name
   * looked up in it counts as a macro used, found or not (`{% if jaffle_shop.shout is defined %}`), as a global
   * name looked up does (the constructor's onContextLookup); the names amp-dbt's own code reads of any object
   * (`__keywords` of a last argument, `toString`) do not, unless a macro has the name.
   */
  private installProjectNamespace(projectName: string | undefined): void {
    const globals = (this.env as unknown as { globals: object }).globals;
    if (!projectName || projectName in globals) return;
    const macros = Object.fromEntries([...this.macroNames.keys()].map((name) => [name, this.env.getGlobal(name)]));
    this.env.addGlobal(projectName, new Proxy(macros, {
      get: (target, name, receiver) => {
        if (typeof name === 'string' && (Object.hasOwn(target, name) || isMacroName(name))) this.current?.usedMacros.add(name);
        return Reflect.get(target, name, receiver);
      },
    }));
  }

  /**
   * dbt's `adapter`, the parts project macros use: `adapter.dispatch('name')` gives the macro implementing
   * `name` for the target (`<target type>__name`, else `default__name`), as dbt's cross-database macros are
   * written; `adapter.quote('x')` quotes an identifier.
   */
  private adapter(targetType: string) {
    return {
      dispatch: (name: unknown, _namespace?: unknown): unknown => {
        for (const candidate of [`${targetType}__${String(name)}`, `default__${String(name)}`]) {
          if (this.macroNames.has(candidate)) return this.env.getGlobal(candidate);
        }
        this.raised = {
          code: 'undefined-macro',
          message: `adapter.dispatch('${String(name)}') finds no macro '${targetType}__${String(name)}' or 'default__${String(name)}'`,
          hint: `define {% macro default__${String(name)}(...) %} in a file under macros/`,
          call: new RegExp(`\\badapter\\s*\\.\\s*dispatch\\s*\\(\\s*['"]${escapeRegExp(String(name))}['"]`),
        };
        throw new Error(this.raised.message);
      },
      quote: (identifier: unknown) => `"${String(identifier).replace(/"/g, '""')}"`,
    };
  }

  private state(): RenderState {
    if (!this.current) throw new CompileError('internal', 'a template function was called outside of rendering');
    return this.current;
  }

  private installMacros(file: MacroFile, diagnostics: Diagnostics): void {
    let exported: Record<string, unknown> = {};
    try {
      const template = new (nunjucksModule().Template)(file.content, this.env, file.path, true);
      let failure: unknown;
      (template as unknown as { getExported(ctx: object, cb: (e: unknown, r: Record<string, unknown>) => void): void })
        .getExported({}, (error, result) => {
          failure = error;
          exported = result ?? {};
        });
      if (failure) throw failure;
    } catch (error) {
      const failure = nunjucksError(error, file.path, file.content, 'parse').toDiagnostic();
      diagnostics.add({ ...failure, ...writtenPosition(file, offsetAt(file.content, failure.line, failure.column)) });
      for (const name of macroNamesIn(file.content)) if (!this.unreadableMacros.has(name)) this.unreadableMacros.set(name, file.path);
      return;
    }
    for (const [name, macro] of Object.entries(exported)) {
      if (typeof macro !== 'function') continue;
      const previous = this.macroNames.get(name);
      if (previous) {
        diagnostics.error('duplicate-macro', `macro '${name}' is defined twice: in ${previous} and ${file.path}`,
          { file: file.path, ...lineOfMacro(file.content, name) }, 'rename or remove one of them');
        continue;
      }
      this.macroNames.set(name, file.path);
      this.env.addGlobal(name, markMacro((...args: unknown[]) => {
        this.current?.usedMacros.add(name);
        return (macro as (...a: unknown[]) => unknown)(...args);
      }, name));
    }
  }

  /** Renders `state.content`; throws CompileError at the template's file, line and column. */
  render(state: RenderState): string {
    let template: nunjucksTypes.Template;
    try {
      template = new (nunjucksModule().Template)(state.content, this.env, state.file, true);
    } catch (error) {
      throw nunjucksError(error, state.file, state.content, 'parse');
    }
    return this.running(state, () => template.render({}));
  }

  /** Runs `work` rendering for `state`; what it throws becomes a CompileError at the template, or a macro it used. */
  private running<T>(state: RenderState, work: () => T): T {
    this.current = state;
    this.raised = undefined;
    takeFailedFilter();
    try {
      return work();
    } catch (error) {
      const raised = this.raised ?? notANamespaceFailure(error) ?? macroArgumentsFailure(error);
      if (raised !== undefined) throw this.raisedError(raised, state, error);
      const env = this.env as unknown as { filters: object; tests: object };
      const failure = nunjucksError(error, state.file, state.content, 'render',
        { macros: [...this.macroNames.keys()], filters: Object.keys(env.filters), tests: Object.keys(env.tests) });
      const unreadable = this.calledUnreadableMacro(error);
      if (unreadable) throw new ReportedElsewhere(failure.code, `${failure.message}: it is in ${unreadable}, which has a syntax error`, { location: failure.location });
      throw this.inUsedMacro(failure, state, error) ?? failure;
    } finally {
      this.current = undefined;
    }
  }

  /** The macro file holding the macro a failed render called, when that file has a syntax error (and no other file defines the macro). */
  private calledUnreadableMacro(error: unknown): string | undefined {
    const called = /Unable to call `([^`]+)`, which is undefined or falsey/.exec(error instanceof Error ? error.message : String(error))?.[1];
    if (called === undefined) return undefined;
    const path = callPath(called);
    const name = path.length === 1 ? path[0] : path.length === 2 && path[0] === this.projectName ? path[1] : undefined;
    return name === undefined || this.macroNames.has(name) ? undefined : this.unreadableMacros.get(name);
  }

  /**
   * An error a template raised on purpose (`exceptions.raise_compiler_error('...')`, an `adapter.dispatch` with
   * no implementation, a macro call with wrong arguments): placed where the model makes the call (on the line
   * nunjucks reports, when it is there), else where a macro the model used does.
   */
  private raisedError({ code, message, hint, call }: NonNullable<JinjaRenderer['raised']>, state: RenderState, error: unknown): CompileError {
    const atModel = (offset: number) => new CompileError(code, message, { location: { file: state.file, ...positionAt(state.content, offset) }, hint });
    const inMacro = (found: WrittenAt & { macro: string }) => {
      const { macro, ...location } = found;
      return new CompileError(code, `${message} (in macro '${macro}', called by ${state.file})`, { location, hint });
    };
    // The call with this very message, in the model or a macro it used, is the one that raised.
    const exact = callWithMessage(call, message);
    const exactInModel = writtenOffset(state.content, exact);
    if (exactInModel !== undefined) return atModel(exactInModel);
    const exactInMacro = writtenInUsedMacro(exact, { macros: this.macros, usedMacros: state.usedMacros });
    if (exactInMacro) return inMacro(exactInMacro);
    const written = writtenOffset(state.content, call);
    const inModel = onReportedLine(state.content, call, error) ?? (written !== undefined && insideTag(state.content, written) ? written : undefined);
    if (inModel !== undefined) return atModel(inModel);
    const found = writtenInUsedMacro(call, { macros: this.macros, usedMacros: state.usedMacros });
    if (!found) return written !== undefined ? atModel(written) : new CompileError(code, message, { location: { file: state.file }, hint });
    return inMacro(found);
  }

  /**
   * nunjucks reports an unknown filter or test, a call of something undefined, a filter's own error or an undefined
   * name used inside a macro at the model (with no position, or the call's): when the model does not write it
   * itself, the error is placed where a macro the model called does.
   */
  private inUsedMacro(failure: CompileError, state: RenderState, error: unknown): CompileError | undefined {
    const missing = missingFilterOrTest(failure.message);
    const called = /Unable to call `([^`]+)`, which is undefined or falsey/.exec(error instanceof Error ? error.message : String(error))?.[1];
    const filter = takeFailedFilter();
    // An undefined name (jinja-undefined.ts) the model does not write is a macro's.
    const undefinedName = failure.code === 'undefined-value' ? /^'(\w+)' is undefined$/.exec(failure.message)?.[1] : undefined;
    const use = missing ? missing.use : called ? callPattern(callPath(called)) : filter ? new RegExp(`(?<=\\|\\s*)${escapeRegExp(filter)}\\b`)
      : undefinedName ? new RegExp(`\\b${undefinedName}\\b`) : undefined;
    if (!use || use.test(state.content)) return undefined;
    const found = writtenInUsedMacro(use, { macros: this.macros, usedMacros: state.usedMacros });
    if (!found) return undefined;
    const { macro, ...location } = found;
    return new CompileError(failure.code, `${failure.message} (in macro '${macro}', called by ${state.file})`, { location, hint: failure.hint });
  }

  /**
   * Calls the project's macro `name` as dbt calls its own hooks (generate_schema_name): its value (what it
   * returns, else its text, trimmed); a failure is a CompileError at `state.file`, or where a macro
   * the call used is written.
   */
  callMacro(name: string, args: unknown[], state: RenderState): string {
    const macro = this.env.getGlobal(name) as (...a: unknown[]) => unknown;
    return this.running(state, () => String(macro(...args) ?? '').trim());
  }

  /**
   * A config value written in Jinja (`"{{ var('tags') }}"`), rendered for `state` as dbt renders configs: a
   * value that is one `{{ expression }}` is that expression's value (a list, a boolean, a number), anything
   * else the rendered text. Throws CompileError as render does.
   */
  renderValue(text: string, state: RenderState): unknown {
    const single = /^\s*\{\{-?([\s\S]*?)-?\}\}\s*$/.exec(text);
    if (!single || /\{\{|\}\}|\{%/.test(single[1])) return this.render({ ...state, content: text });
    let value: unknown;
    this.env.addGlobal(CAPTURE, (captured: unknown) => {
      value = plainNumbers(captured); // a float config is its number, as one written in YAML
      return '';
    });
    this.render({ ...state, content: `{{ ${CAPTURE}((${single[1]})) }}` });
    // A macro's output (nunjucks' SafeString) is its text, as Jinja's is: `+schema: "{{ schema_for('x') }}"`.
    return value instanceof nunjucksModule().runtime.SafeString ? String(value) : value;
  }

  /** Runs `fn` with `state` as the model being rendered (for the fast path). */
  withState<T>(state: RenderState, fn: () => T): T {
    this.current = state;
    try {
      return fn();
    } finally {
      this.current = undefined;
    }
  }
}

/**
 * A name a macro could have and a template look up in the project's namespace: a Jinja identifier, not one of the
 * internal names (`__keywords`) nor those of every JavaScript object (`toString`, `constructor`).
 */
function isMacroName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !name.startsWith('__') && !(name in Object.prototype);
}

/**
 * Where `call` is written on the line of the model a nunjucks render error names, if it is there: the one
 * whose `(` is at the column nunjucks names (a call's position is its parenthesis'), else the line's first
 * (inside a tag: a name in the SQL around is not a use).
 */
function onReportedLine(content: string, call: RegExp, error: unknown): number | undefined {
  const position = renderErrorPosition(error);
  if (!position) return undefined;
  const lines = content.split('\n');
  if (position.line >= lines.length) return undefined;
  const calls = [...lines[position.line].matchAll(new RegExp(call.source, call.flags.replace('g', '') + 'g'))];
  if (!calls.length) return undefined;
  const lineStart = lines.slice(0, position.line).reduce((offset, text) => offset + text.length + 1, 0);
  const inTags = calls.filter((m) => insideTag(content, lineStart + m.index));
  const at = inTags.find((m) => m.index + m[0].length - 1 === position.column) ?? inTags[0];
  return at ? lineStart + at.index : undefined;
}

function lineOfMacro(content: string, name: string): { line: number; column: number } {
  const index = content.search(new RegExp(`\\{%-?\\s*macro\\s+${name}\\b`));
  const before = content.slice(0, Math.max(index, 0));
  const line = before.split('\n').length;
  return { line, column: index < 0 ? 1 : index - before.lastIndexOf('\n') };
}

/** `call` (a pattern ending at its opening parenthesis) with `message` as its first argument, written as a string literal. */
function callWithMessage(call: RegExp, message: string): RegExp {
  return new RegExp(`${call.source}\\s*(['"])${escapeRegExp(message)}\\1`);
}
