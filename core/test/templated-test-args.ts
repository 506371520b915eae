import type { ModelFile } from '../project/project-types.js';
import type { DataTest } from './data-test.js';

/*
 * dbt renders the arguments of a generic test as Jinja: `values: "{{ var('statuses') }}"` (a list),
 * `where: "day > '{{ var('start') }}'"`. Each such argument becomes a model of its own in the test compile,
 * so it sees what a model sees (vars, env_var, target, macros), and its rendered text replaces it.
 */

const isTemplate = (value: unknown): value is string => typeof value === 'string' && (value.includes('{{') || value.includes('{%'));
/** `{{ expression }}` and nothing else: rendered to its value (a list stays a list), not to text. */
const WHOLE_EXPRESSION = /^\s*\{\{(?![\s\S]*\{\{)([\s\S]*)\}\}\s*$/;

/** A templated argument: its model and where its value goes. */
export interface TemplatedArg {
  model: ModelFile;
  /** `where` (the test's config) or an argument's name. */
  key: string;
  native: boolean;
}

/** Models for the templated arguments of built-in tests, named `<test key>#<argument>` (the test key ends in its location). */
export function templatedArgModels(tests: readonly DataTest[], testKey: (test: DataTest) => string): TemplatedArg[] {
  const out: TemplatedArg[] = [];
  for (const test of tests) {
    const entries: Array<[string, unknown]> = [...Object.entries(test.args), ['where', test.where]];
    for (const [key, value] of entries) {
      if (!isTemplate(value)) continue;
      const whole = WHOLE_EXPRESSION.exec(value);
      const name = `${testKey(test)}#${key}`;
      const content = whole ? `{{ (${whole[1]}) | tojson }}` : value;
      out.push({ model: { name, path: name, folders: [], modelPath: '', content }, key, native: whole !== null });
    }
  }
  return out;
}

/**
 * The rendered value of each templated argument, by model name, from `sqlOf` (the target SQL of a model
 * compiled or rendered); an argument whose model failed (undefined) is left out.
 */
export function renderedArgs(args: readonly TemplatedArg[], sqlOf: (name: string) => string | undefined): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const { model, native } of args) {
    const text = sqlOf(model.name);
    if (text === undefined) continue;
    try {
      values.set(model.name, native ? JSON.parse(text) : text);
    } catch {
      values.set(model.name, text);
    }
  }
  return values;
}

/** `test` with its templated arguments (and `where`) replaced by their rendered values. */
export function withRenderedArgs(test: DataTest, key: string, values: ReadonlyMap<string, unknown>): void {
  for (const name of Object.keys(test.args)) {
    if (values.has(`${key}#${name}`)) test.args[name] = values.get(`${key}#${name}`);
  }
  if (values.has(`${key}#where`)) test.where = String(values.get(`${key}#where`));
}
