import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AmpServer } from '../../fixtures/amp-server/start-amp-server.js';
import { fixture } from '../helpers.js';
import { commit, initRepo } from '../git/git-test-repo.js';

export interface AmpPorts {
  admin: number;
  jsonl: number;
  flight: number;
}

/** The example's profile with a duckdb `dev` target and an `amp` target at `port` (`defaultTarget` is the profile's target). */
export function ampProfile(port: AmpPorts, defaultTarget = 'dev'): string {
  return `erc20_transfers:\n  target: ${defaultTarget}\n  outputs:\n    dev:\n      type: duckdb\n      path: .amp-dbt/warehouse.duckdb\n      schema: main\n`
    + `    amp:\n      type: amp\n      host: 127.0.0.1\n      flight_port: ${port.flight}\n      jsonl_port: ${port.jsonl}\n      admin_port: ${port.admin}\n`
    + '      namespace: erc20\n      token: "${AMP_TOKEN:-}"\n';
}

/** The ports of a local Amp server started by a test. */
export const serverPorts = (server: AmpServer): AmpPorts => ({ admin: server.adminPort, jsonl: server.jsonlPort, flight: server.flightPort });

/**
 * A committed copy of the example project whose amp target is `server`; without `adHocMarts` its
 * non-incremental marts are registered too. `edit` changes the copy before the commit.
 */
export function ampExampleRepo(server: AmpServer, adHocMarts: boolean, edit?: (dir: string) => void): string {
  const dir = initRepo();
  cpSync(fixture('erc20_transfers'), dir, { recursive: true, filter: (src) => !src.includes('.amp-dbt') });
  writeFileSync(join(dir, 'profiles.yml'), ampProfile(serverPorts(server)));
  writeFileSync(join(dir, '.gitignore'), '.amp-dbt/\n');
  if (!adHocMarts) {
    // The example keeps its non-incremental marts ad-hoc (register: false in _marts.yml); register them all.
    const path = join(dir, 'models', 'marts', '_marts.yml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^ +config: \{register: false\}\n/gm, ''));
  }
  edit?.(dir);
  commit(dir, 'example');
  return dir;
}
