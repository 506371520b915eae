import { readFileSync } from 'node:fs';

/** amp-dbt's version, from its package.json. */
export function toolVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
