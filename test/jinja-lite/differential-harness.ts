import assert from 'node:assert/strict';
import type nunjucksTypes from 'nunjucks';
import { jinjaFilters } from '../../core/compile/jinja/jinja-filters.js';
import { nunjucksModule } from '../../core/compile/jinja/nunjucks-jinja.js';
import { markMacro } from '../../core/compile/jinja/jinja-undefined.js';
import { newRenderState, type RenderState } from '../../core/compile/jinja/render-state.js';
import { templateFunctions } from '../../core/compile/jinja/template-functions.js';
import type { LiteEnvironment, LiteMacro } from '../../core/compile/jinja/lite/lite-environment.js';
import { LiteUnsupported } from '../../core/compile/jinja/lite/lite-unsupported.js';
import { parseLiteMacros } from '../../core/compile/jinja/lite/parse-lite-macros.js';
import { parseLiteTemplate } from '../../core/compile/jinja/lite/parse-lite-template.js';
import { renderLiteTemplate } from '../../core/compile/jinja/lite/render-lite-template.js';

/**
 * Renders templates with nunjucks (set up as JinjaRenderer does: autoescape off, Jinja's filters, the template
 * functions and the project's macros as globals, macro usage recorded by a wrapper) and with the
 * lite engine (same functions, macros from parseLiteMacros), and compares output and side effects.
 */

export interface MacroFile {
  path: string;
  content: string;
}

export interface HarnessOptions {
  vars?: Record<string, unknown>;
  macroFiles?: MacroFile[];
  /** Extra globals (test data); called once per engine so neither sees the other's objects. */
  extraGlobals?: () => Record<string, unknown>;
}

/** What a render recorded, comparable across engines. */
export interface Effects {
  refs: string[];
  sources: Array<{ source: string; table: string }>;
  config: Record<string, unknown>;
  usedVars: string[];
  usedMacros: string[];
  problems: Array<{ code: string; message: string; needle: string }>;
}

export type NunjucksOutcome = { ok: true; output: string; effects: Effects } | { ok: false; error: string };
export type LiteOutcome =
  | { kind: 'rendered'; output: string; effects: Effects }
  | { kind: 'declined'; stage: 'parse' }
  | { kind: 'declined'; stage: 'render'; reason: string };

/** Each engine has its own template-function objects: compare functions recorded in config by name. */
function comparable(value: unknown, depth = 0): unknown {
  if (typeof value === 'function') return `[function ${value.name}]`;
  if (typeof value !== 'object' || value === null || depth > 20) return value;
  if (Array.isArray(value)) return value.map((item) => comparable(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, comparable(item, depth + 1)]));
}

function effects(state: RenderState): Effects {
  return {
    refs: state.refs,
    sources: state.sources,
    config: comparable(state.config) as Record<string, unknown>,
    usedVars: [...state.usedVars].sort(),
    usedMacros: [...state.usedMacros].sort(),
    problems: state.problems.map((p) => ({ code: p.code, message: p.message, needle: String(p.needle) })),
  };
}

type ExportedCallback = (error: unknown, result: Record<string, unknown>) => void;

export class Differential {
  private current: RenderState | undefined;
  private readonly nunjucksEnv: nunjucksTypes.Environment;
  /** Fresh globals for each render: nunjucks can mutate them (`set loop = x` in a for loop writes x.length). */
  private readonly globals: () => Record<string, unknown>;
  readonly liteEnv: LiteEnvironment;
  /** Macro names nunjucks installed, by file. */
  readonly exportedByFile = new Map<string, string[]>();
  /** Files nunjucks could not compile (no macros installed from them). */
  readonly brokenMacroFiles: string[] = [];

  constructor(options: HarnessOptions = {}) {
    const inputs = {
      vars: options.vars ?? {},
      env: { AMP_TEST_ENV: 'from-env' },
      target: { name: 'dev', type: 'duckdb', schema: 'main', threads: 4 },
      runStartedAt: '2026-01-01T00:00:00Z',
    };
    const state = () => {
      if (!this.current) throw new Error('template function called outside rendering');
      return this.current;
    };
    this.globals = () => ({ ...templateFunctions(inputs, state), ...options.extraGlobals?.() });
    this.nunjucksEnv = new (nunjucksModule().Environment)(null, { autoescape: false, throwOnUndefined: false });
    for (const [name, value] of Object.entries(this.globals())) this.nunjucksEnv.addGlobal(name, value);
    // Jinja's filters, as JinjaRenderer installs them (`int` and `float` replace nunjucks' own).
    const filters = jinjaFilters((name) => this.nunjucksEnv.getFilter(name) as (...args: unknown[]) => unknown, () => undefined);
    for (const [name, filter] of Object.entries(filters)) this.nunjucksEnv.addFilter(name, filter);
    this.liteEnv = {
      globals: this.globals(),
      macros: new Map<string, LiteMacro>(),
      unsupportedMacros: new Set<string>(),
      onMacroCall: (name) => this.current?.usedMacros.add(name),
    };
    const installed = new Set<string>();
    for (const file of options.macroFiles ?? []) this.installMacros(file, installed);
  }

  /** JinjaRenderer.installMacros for nunjucks; parseLiteMacros for lite, with the same names. */
  private installMacros(file: MacroFile, installed: Set<string>): void {
    let exported: Record<string, unknown> = {};
    try {
      const template = new (nunjucksModule().Template)(file.content, this.nunjucksEnv, file.path, true);
      let failure: unknown;
      (template as unknown as { getExported(ctx: object, cb: ExportedCallback): void }).getExported({}, (error, result) => {
        failure = error;
        exported = result ?? {};
      });
      if (failure) throw failure;
    } catch {
      this.brokenMacroFiles.push(file.path);
      return;
    }
    const lite = parseLiteMacros(file.content);
    const liteByName = new Map((lite?.macros ?? []).map((macro) => [macro.name, macro]));
    const names = Object.entries(exported).filter(([, value]) => typeof value === 'function').map(([name]) => name);
    this.exportedByFile.set(file.path, names);
    if (lite) {
      assert.deepEqual([...liteByName.keys(), ...lite.unsupported].sort(), [...names].sort(), `exports of ${file.path}`);
    }
    for (const name of names) {
      if (installed.has(name)) continue; // JinjaRenderer keeps the first definition
      installed.add(name);
      const macro = exported[name] as (...args: unknown[]) => unknown;
      this.nunjucksEnv.addGlobal(name, markMacro((...args: unknown[]) => {
        this.current?.usedMacros.add(name);
        return macro(...args);
      }, name));
      const liteMacro = liteByName.get(name);
      if (liteMacro) this.liteEnv.macros.set(name, liteMacro);
      else this.liteEnv.unsupportedMacros.add(name);
    }
  }

  renderNunjucks(content: string, isIncremental = false): NunjucksOutcome {
    for (const [name, value] of Object.entries(this.globals())) this.nunjucksEnv.addGlobal(name, value);
    const state = newRenderState('model.sql', content, isIncremental);
    this.current = state;
    try {
      const output = new (nunjucksModule().Template)(content, this.nunjucksEnv, 'model.sql', true).render({});
      return { ok: true, output, effects: effects(state) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      this.current = undefined;
    }
  }

  renderLite(content: string, isIncremental = false): LiteOutcome {
    const template = parseLiteTemplate(content);
    if (!template) return { kind: 'declined', stage: 'parse' };
    this.liteEnv.globals = this.globals();
    const state = newRenderState('model.sql', content, isIncremental);
    this.current = state;
    try {
      const output = renderLiteTemplate(template, this.liteEnv);
      return { kind: 'rendered', output, effects: effects(state) };
    } catch (error) {
      if (error instanceof LiteUnsupported) return { kind: 'declined', stage: 'render', reason: error.message };
      throw new Error(`renderLiteTemplate threw something other than LiteUnsupported: ${String(error)}`);
    } finally {
      this.current = undefined;
    }
  }

  /** Renders both ways; whenever lite renders, nunjucks must render the same text with the same effects. */
  compare(content: string, isIncremental = false): { nunjucks: NunjucksOutcome; lite: LiteOutcome } {
    const lite = this.renderLite(content, isIncremental);
    const nj = this.renderNunjucks(content, isIncremental);
    if (lite.kind === 'rendered') {
      const where = `template ${JSON.stringify(content)}`;
      assert.ok(nj.ok, `lite rendered ${JSON.stringify(lite.output)} but nunjucks failed (${nj.ok ? '' : nj.error}) for ${where}`);
      assert.equal(lite.output, nj.output, `output differs for ${where}`);
      assert.deepEqual(lite.effects, nj.effects, `side effects differ for ${where}`);
    }
    return { nunjucks: nj, lite };
  }

  /** compare(), and lite must have rendered. */
  same(content: string, isIncremental = false): string {
    const { lite, nunjucks: nj } = this.compare(content, isIncremental);
    const why = lite.kind === 'declined' ? `declined at ${lite.stage}${lite.stage === 'render' ? `: ${lite.reason}` : ''}` : '';
    assert.equal(lite.kind, 'rendered', `lite ${why} for ${JSON.stringify(content)} (nunjucks: ${nj.ok ? JSON.stringify(nj.output) : nj.error})`);
    return (lite as { output: string }).output;
  }
}

/** Runs `check` on every case and reports all failures at once. */
export function checkAll<T>(cases: readonly T[], check: (item: T) => void): void {
  const failures: string[] = [];
  for (const item of cases) {
    try {
      check(item);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases failed:\n${failures.join('\n---\n')}`);
}

/** Data both engines see as globals in the hand-written snippets. */
export function testData(): Record<string, unknown> {
  return {
    n: 3, f: 2.5, z: 0, neg: -4, big: Number.MAX_SAFE_INTEGER * 1000, s: 'abc', e: '', sp: '  padded\t\n', sstr: '5', numstr: '42.7',
    csv: 'a,b,c', mixed_case: 'MiXeD', lst: [1, 2, 3], strs: ['a', 'b', 'c'], empty: [], obj: { a: 1, b: 'two' },
    emptyObj: {}, nul: null, t: true, no: false, pairs: [['a', 1], ['b', 2], ['c', 3]], nested: { x: { y: [10, 20] } },
    cols: ['id', 'name', 'amount'], mixed: [1, 'a', null, undefined, true, [2, 3]], people: [{ name: 'ann', age: 30 }, { name: 'bob', age: 25 }],
    map: new Map([['k', 1]]), set: new Set([1, 2]), date: new Date(0), fn: (x: unknown) => `fn(${String(x)})`,
    kw: (...args: unknown[]) => JSON.stringify(args),
  };
}
