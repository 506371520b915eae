/**
 * Parse+render time per template, lite vs nunjucks, on a generated bench project.
 * Not a test (no assertions on time): `node dist/test/jinja-lite/measure-lite.js [models] [seed]`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { generateProject } from '../../bench/generate-project.js';
import { newRenderState, type RenderState } from '../../core/compile/jinja/render-state.js';
import { markMacro } from '../../core/compile/jinja/jinja-undefined.js';
import { templateFunctions } from '../../core/compile/jinja/template-functions.js';
import type { LiteEnvironment, LiteMacro } from '../../core/compile/jinja/lite/lite-environment.js';
import { parseLiteMacros } from '../../core/compile/jinja/lite/parse-lite-macros.js';
import { parseLiteTemplate } from '../../core/compile/jinja/lite/parse-lite-template.js';
import { renderLiteTemplate } from '../../core/compile/jinja/lite/render-lite-template.js';
import { isPragmaModel } from '../../core/pragma/is-pragma-model.js';
import { tempDir } from '../helpers.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : entry.endsWith('.sql') ? [path] : [];
  });
}

const models = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1);
const dir = join(tempDir('amp-dbt-lite-measure-'), 'project');
generateProject(dir, { models, seed });

let state: RenderState = newRenderState('x', '', false);
const inputs = { vars: { start_date: '2024-01-01', include_refunds: false }, env: {}, target: { name: 'dev', type: 'duckdb', schema: 'main' }, runStartedAt: 'now' };
const functions = templateFunctions(inputs, () => state);

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
for (const [name, value] of Object.entries(functions)) env.addGlobal(name, value);
const liteEnv: LiteEnvironment = { globals: functions, macros: new Map<string, LiteMacro>(), unsupportedMacros: new Set(), onMacroCall: (name) => state.usedMacros.add(name) };
for (const path of files(join(dir, 'macros'))) {
  const content = readFileSync(path, 'utf8');
  const template = new nunjucks.Template(content, env, path, true);
  (template as unknown as { getExported(ctx: object, cb: (e: unknown, r: Record<string, (...a: unknown[]) => unknown>) => void): void })
    .getExported({}, (_e, exported) => {
      for (const [name, macro] of Object.entries(exported)) env.addGlobal(name, markMacro((...args: unknown[]) => (state.usedMacros.add(name), macro(...args)), name));
    });
  for (const macro of parseLiteMacros(content)?.macros ?? []) liteEnv.macros.set(macro.name, macro);
}

const all = files(join(dir, 'models')).map((path) => readFileSync(path, 'utf8')).filter((content) => !isPragmaModel(content));
const withTags = all.filter((content) => content.includes('{%') || /\{\{\s*(normalize_amount|since_start|truncate_time)\(/.test(content));

function time(label: string, templates: string[], render: (content: string) => string): number[] {
  const runs: number[] = [];
  let out = 0;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    for (const content of templates) {
      state = newRenderState('m.sql', content, false);
      out += render(content).length;
    }
    runs.push(((performance.now() - started) * 1000) / templates.length);
  }
  console.log(`${label.padEnd(44)} first pass ${runs[0].toFixed(1).padStart(7)} us/template, best of 5 ${Math.min(...runs).toFixed(1).padStart(7)} us/template  (${out} chars)`);
  return runs;
}

const nunjucksRender = (content: string) => new nunjucks.Template(content, env, 'm.sql', true).render({});
const liteRender = (content: string) => renderLiteTemplate(parseLiteTemplate(content)!, liteEnv);
const declined = all.filter((content) => !parseLiteTemplate(content));
console.log(`${models} generated models: ${all.length} Jinja (non-pragma) templates, ${withTags.length} with tags or macro calls; lite declines ${declined.length}`);
for (const content of withTags) {
  if (liteRender(content) !== nunjucksRender(content)) throw new Error(`lite and nunjucks differ on:\n${content}`);
}
for (const [label, templates] of [['Jinja templates with tags/macros', withTags], ['all Jinja templates', all]] as const) {
  const nj = time(`nunjucks parse+compile+render, ${label}`, templates, nunjucksRender);
  const lite = time(`lite parse+render, ${label}`, templates, liteRender);
  time(`lite parse only, ${label}`, templates, (content) => (parseLiteTemplate(content) ? '' : 'x'));
  const parsed = new Map(templates.map((content) => [content, parseLiteTemplate(content)!]));
  time(`lite render only (parsed once), ${label}`, templates, (content) => renderLiteTemplate(parsed.get(content)!, liteEnv));
  console.log(`  => lite is ${(Math.min(...nj) / Math.min(...lite)).toFixed(0)}x faster; ${templates.length} templates: nunjucks ${(Math.min(...nj) * templates.length / 1000).toFixed(0)} ms, lite ${(Math.min(...lite) * templates.length / 1000).toFixed(1)} ms`);
}
