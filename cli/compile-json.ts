import type { Diagnostic } from '../core/errors.js';
import type { CompiledProject } from './open-project.js';

/** The `--json` shape of `amp-dbt compile`: {"project", "models", "errors"}. */
export function compileJson(compiled: CompiledProject, sql: Map<string, string>, errors: Diagnostic[]) {
  const { project, profile, result } = compiled;
  return {
    project: project
      ? {
        name: project.name,
        version: project.version,
        root: project.root,
        profile: project.profile,
        target: profile ? { name: profile.target.name, type: profile.target.type, schema: profile.target.schema } : null,
      }
      : null,
    models: [...sql.keys()].map((name) => {
      const m = result!.byName.get(name)!;
      return {
        name: m.name,
        path: m.path,
        materialized: m.materialized,
        tags: m.tags,
        depends_on: { models: m.refs, sources: m.sources, datasets: m.datasets },
        compiled_sql: sql.get(name)!,
        fingerprint: m.fingerprint,
      };
    }),
    errors,
  };
}
