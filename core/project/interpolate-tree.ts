import type { Diagnostics } from '../errors.js';
import { interpolateEnv, type Env } from './interpolate-env.js';
import type { Location } from './project-types.js';
import type { YamlFile } from './yaml-file.js';

/**
 * Replaces environment references in the string values of a mapping or list from `yaml`, in place and
 * recursively (only the keys in `only`, when given). An unset variable without a default is reported
 * as `missing-env-var` at the value that uses it.
 */
export function interpolateTree(container: object, only: readonly string[] | null, yaml: YamlFile, env: Env, diagnostics: Diagnostics): void {
  const entries = container as Record<string, unknown>;
  for (const key of only ?? Object.keys(container)) {
    const value = entries[key];
    if (typeof value === 'string') {
      entries[key] = interpolateEnv(value, env, (name) => reportMissing(name, yaml.locate(container, key, 'value'), diagnostics));
      const open = unclosedReference(value);
      if (open) {
        diagnostics.error('invalid-value', `'${open}' is never closed with '}': the value would be taken as written`, yaml.locate(container, key, 'value'),
          `close it: ${open}}`);
      }
    } else if (value !== null && typeof value === 'object') {
      interpolateTree(value, null, yaml, env, diagnostics);
    }
  }
}

function reportMissing(name: string, location: Location, diagnostics: Diagnostics): void {
  diagnostics.error('missing-env-var', `environment variable '${name}' is not set`, location,
    `set ${name}, or give a default: \${${name}:-value} or {{ env_var('${name}', 'value') }}`);
}

/** A `${NAME` (or `${NAME:-default`) that runs to the end of the value with no `}`, else undefined. */
function unclosedReference(value: string): string | undefined {
  const match = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?$/.exec(value);
  return match?.[0];
}
