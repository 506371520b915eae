import { AmpDbtError, Diagnostics } from '../errors.js';
import { holdsJinja } from '../project/config-jinja.js';
import { describeValue, isMapping, type Mapping } from '../project/mapping-reader.js';
import type { Project } from '../project/project-types.js';
import { configProblem, TEST_CONFIGS } from '../project/resource-configs.js';
import { renderNested } from './folder-config-jinja.js';
import { JinjaRenderer } from './jinja/jinja-renderer.js';
import { newRenderState } from './jinja/render-state.js';
import type { SourceJinjaInputs } from './source-jinja.js';

/**
 * The project with the configs of dbt_project.yml's `data_tests:` (or `tests:`) tree written in Jinja rendered
 * (`+severity: "{{ 'warn' if target.name == 'dev' else 'error' }}"`), as dbt renders them, with the templates'
 * `var`, `env_var` and `target`, then checked as configs written plainly are (load-project checks those). A
 * problem is reported at the value in dbt_project.yml; the project itself is returned when no config holds Jinja.
 */
export function renderTestConfigJinja(project: Project, inputs: SourceJinjaInputs, diagnostics: Diagnostics): Project {
  const tree = project.testConfigTree;
  if (!tree || !holdsJinja(tree)) return project;
  const section = project.testConfigSection ?? 'data_tests';
  let renderer: JinjaRenderer | undefined;
  // A macro file's own errors are the compile's to report (once): this renderer keeps them to itself.
  const jinja = () => (renderer ??= new JinjaRenderer({
    projectName: project.name, profileName: project.profile, vars: project.vars, env: inputs.env, target: inputs.target, runStartedAt: inputs.runStartedAt ?? new Date().toISOString(),
  }, project.macros, new Diagnostics()));
  const visit = (level: Mapping, steps: string[]): Mapping => {
    let out = level;
    for (const [key, value] of Object.entries(level)) {
      if (!holdsJinja(value)) continue;
      const rendered = key.startsWith('+') ? renderConfig(key, value) : isMapping(value) ? visit(value, [...steps, key]) : value;
      if (out === level) out = { ...level };
      out[key] = rendered;
    }
    return out;

    function renderConfig(key: string, value: unknown): unknown {
      const location = project.locateInProjectFile?.(level)(key, 'value') ?? { file: 'dbt_project.yml', line: 1, column: 1 };
      const where = `'${key}' under '${[section, ...steps].join(': ')}' in dbt_project.yml`;
      const state = newRenderState(location.file, '', false);
      let rendered: unknown;
      try {
        rendered = renderNested(value, (text) => jinja().renderValue(text, state));
      } catch (error) {
        const problem = error instanceof AmpDbtError ? error : undefined;
        diagnostics.error(problem?.code ?? 'jinja-render', `${where}: ${error instanceof Error ? error.message : String(error)}`, location, problem?.hint ?? null);
        return undefined;
      }
      for (const problem of state.problems) diagnostics.error(problem.code, problem.message, location, problem.hint);
      const wrong = configProblem(key.slice(1), rendered, TEST_CONFIGS);
      if (wrong && 'expected' in wrong) {
        diagnostics.error('invalid-value', `${where} must be ${wrong.expected}, got ${describeValue(rendered)} (as rendered)`, location, wrong.hint);
        return undefined;
      }
      return rendered;
    }
  };
  return { ...project, testConfigTree: visit(tree, []) };
}
