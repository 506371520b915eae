export type Env = Record<string, string | undefined>;

/**
 * `${VAR}`, `${VAR:-default}` (default when unset or empty), `{{ env_var('VAR') }}` and
 * `{{ env_var('VAR', 'default') }}` (default when unset; ' or " quotes, filters like `| int` ignored).
 */
const reference =
  /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\{\{-?\s*env_var\(\s*(['"])(.*?)\3\s*(?:,\s*(?:(['"])(.*?)\5|(-?\d+(?:\.\d+)?|true|false|True|False))\s*)?\)\s*(?:\|\s*\w+\s*)*-?\}\}/g;

/** Replaces every environment reference in `text`; a variable that is unset and has no default is passed to `onMissing` and becomes ''. */
export function interpolateEnv(text: string, env: Env, onMissing: (name: string) => void): string {
  if (!text.includes('${') && !text.includes('{{')) return text;
  return text.replace(reference, (...groups: (string | undefined)[]) => {
    const [, shellName, shellDefault, , jinjaName, , quotedDefault, bareDefault] = groups;
    if (shellName !== undefined) {
      const value = env[shellName];
      if (value !== undefined && value !== '') return value;
      return shellDefault ?? missing(shellName, value, onMissing);
    }
    const name = jinjaName ?? '';
    const value = env[name];
    if (value !== undefined) return value;
    return quotedDefault ?? bareDefault ?? missing(name, value, onMissing);
  });
}

function missing(name: string, value: string | undefined, onMissing: (name: string) => void): string {
  if (value === undefined) onMissing(name);
  return value ?? '';
}
