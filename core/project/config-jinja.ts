import { isMapping, type Mapping } from './mapping-reader.js';

/** Configs dbt renders when it runs them, not when it reads dbt_project.yml (hooks hold `{{ this }}`). */
const RENDERED_WHEN_RUN = new Set(['pre_hook', 'post_hook', 'pre-hook', 'post-hook', 'sql_header']);

const isJinjaText = (value: string) => value.includes('{{') || value.includes('{%');

/** Whether a config value holds Jinja (`"{{ env_var('SCHEMA') }}"`), also inside a list or a mapping. */
export function holdsJinja(value: unknown): boolean {
  if (typeof value === 'string') return isJinjaText(value);
  if (Array.isArray(value)) return value.some(holdsJinja);
  if (isMapping(value)) return Object.values(value).some(holdsJinja);
  return false;
}

/**
 * One level's configs (keyed without `+`) split: those whose value holds Jinja, which a compile renders (as dbt
 * renders dbt_project.yml's configs for each node) and checks after, and the others, checked as written.
 */
export function splitJinjaConfigs(configs: Mapping): { plain: Mapping; jinja: Mapping | undefined } {
  let jinja: Mapping | undefined;
  let plain = configs;
  for (const [key, value] of Object.entries(configs)) {
    if (RENDERED_WHEN_RUN.has(key) || !holdsJinja(value)) continue;
    if (!jinja) {
      jinja = {};
      plain = { ...configs };
    }
    jinja[key] = value;
    delete plain[key];
  }
  return { plain, jinja };
}
