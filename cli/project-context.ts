import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { AmpDbtError, type Diagnostics } from '../core/errors.js';
import { findProjectDir } from '../core/project/find-project-dir.js';
import type { Profile } from '../core/project/project-types.js';
import { str, UsageError, type ParsedArgs } from './args.js';

/**
 * The project folder: --project-dir, or the nearest folder upward holding dbt_project.yml. With
 * `fallbackToCwd` (reading a commit, whose project the working tree may no longer hold) the current
 * folder is used when none is found.
 */
export function projectDirFrom(args: ParsedArgs, fallbackToCwd = false): string {
  const given = str(args, 'project-dir');
  if (given) {
    const dir = resolve(given);
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      throw new UsageError(`--project-dir ${given} is a file: give the project's folder${basename(dir) === 'dbt_project.yml' ? ` (${dirname(given) || '.'})` : ''}`);
    }
    // Reading a commit, the folder may be one the working tree no longer has.
    if (!fallbackToCwd && !existsSync(dir)) {
      throw new AmpDbtError('missing-file', `--project-dir ${given}: there is no such folder`, {
        hint: `check the path (it is read from ${process.cwd()}), or create a project there with 'amp-dbt init --project-dir ${given}'`,
      });
    }
    return dir;
  }
  const found = findProjectDir(process.cwd());
  if (found) return found;
  if (fallbackToCwd) return process.cwd();
  // Not a usage error: the same missing-file error (exit code 1) as with a --project-dir that holds no project.
  throw new AmpDbtError('missing-file', `no dbt_project.yml in ${process.cwd()} or any parent folder`, {
    location: { file: 'dbt_project.yml', line: 1, column: 1 },
    hint: "run 'amp-dbt init' to create a project here, or run amp-dbt from (or with --project-dir pointing at) the project folder",
  });
}

/** The `profile:` (else `name:`) of a dbt_project.yml text; undefined when it does not say. */
async function profileNameIn(projectYaml: string): Promise<string | undefined> {
  const { parseDocument } = await import('yaml');
  const value: unknown = parseDocument(projectYaml).toJS();
  if (!value || typeof value !== 'object') return undefined;
  const { profile, name } = value as Record<string, unknown>;
  return typeof profile === 'string' ? profile : typeof name === 'string' ? name : undefined;
}

/** Whether a profiles.yml would be read: --profiles-dir, AMP_DBT_PROFILES_DIR, the project folder, ~/.amp-dbt/. */
export function hasProfilesFile(args: ParsedArgs, dir: string): boolean {
  return str(args, 'profiles-dir') !== undefined || Boolean(process.env.AMP_DBT_PROFILES_DIR)
    || existsSync(join(dir, 'profiles.yml')) || existsSync(join(homedir(), '.amp-dbt', 'profiles.yml'));
}

/** The name of the embedded default profile when there is no profiles.yml to pick a profile from. */
export const NO_PROFILES_FILE = 'default';

/**
 * The profile (target and state settings) as every command reads it: --profiles-dir, AMP_DBT_PROFILES_DIR, the project folder,
 * then ~/.amp-dbt/, --target. Its name is `profileName`, else the `profile:`/`name:` of `projectYaml` (or of
 * the working tree's dbt_project.yml), else the folder name; only that file is read, never the models.
 * Without any profiles.yml there is nothing to pick by name: the embedded default is used and
 * dbt_project.yml is not read.
 */
export async function readProfile(
  args: ParsedArgs, dir: string, diagnostics: Diagnostics, named: { profileName?: string; projectYaml?: string } = {},
): Promise<Profile> {
  let profileName = named.profileName;
  if (profileName === undefined && !hasProfilesFile(args, dir)) profileName = NO_PROFILES_FILE;
  if (profileName === undefined) {
    const onDisk = join(dir, 'dbt_project.yml');
    const yaml = named.projectYaml ?? (existsSync(onDisk) ? readFileSync(onDisk, 'utf8') : undefined);
    profileName = (yaml === undefined ? undefined : await profileNameIn(yaml)) ?? basename(dir);
  }
  const { loadProfile } = await import('../core/project/load-profile.js');
  const profilesDir = str(args, 'profiles-dir');
  return loadProfile({
    projectRoot: dir,
    profilesDir: profilesDir ? resolve(profilesDir) : undefined,
    homeDir: homedir(),
    env: process.env,
    profileName,
    targetName: str(args, 'target'),
  }, diagnostics);
}
