import type { Diagnostics } from '../errors.js';
import type { Project } from '../project/project-types.js';
import { renderSourceJinja, type SourceJinjaInputs } from './source-jinja.js';
import { renderTestConfigJinja } from './test-config-jinja.js';

/**
 * The project with what dbt renders of its YAML once the target is known: sources' locations (source-jinja.ts)
 * and dbt_project.yml's test configs (test-config-jinja.ts). The project itself when neither holds Jinja.
 */
export function renderProjectJinja(project: Project, inputs: SourceJinjaInputs, diagnostics: Diagnostics): Project {
  return renderTestConfigJinja(renderSourceJinja(project, inputs, diagnostics), inputs, diagnostics);
}
