import { Diagnostics } from '../core/errors.js';
import type { Target } from '../core/project/project-types.js';
import { flag, str, UsageError, type ParsedArgs } from './args.js';
import { failed } from './output.js';
import { projectDirFrom, readProfile } from './project-context.js';

/**
 * The amp target a jobs or monitor command talks to: --target, else the profile's default target when it
 * is an amp one, else the profile's only amp target. Problems with profiles.yml are printed (null then);
 * a non-amp --target, or no amp target to choose, is a usage error.
 */
export async function ampTargetFrom(args: ParsedArgs, command: string): Promise<Target | null> {
  const profile = await readCheckedProfile(args);
  if (!profile) return null;
  if (profile.target.type === 'amp') return profile.target;
  if (str(args, 'target') !== undefined) {
    throw new UsageError(`'${command}' needs an amp target, and target '${profile.target.name}' is ${profile.target.type}`);
  }
  const amp = Object.values(profile.targets).filter((t) => t.type === 'amp');
  // Read again as the chosen target: only that one's problems are reported (a bad namespace would list namespace _).
  if (amp.length === 1) return (await readCheckedProfile({ ...args, options: { ...args.options, target: amp[0].name } }))?.target ?? null;
  throw new UsageError(amp.length === 0
    ? profile.file === null
      ? `'${command}' needs an amp target, and there is no profiles.yml (looked in the project folder and ~/.amp-dbt/; --profiles-dir or AMP_DBT_PROFILES_DIR names another folder)`
      : `'${command}' needs an amp target, and profile '${profile.name}' in ${profile.file} has none`
    : `'${command}' needs an amp target: pass --target (one of ${amp.map((t) => t.name).join(', ')})`);
}

/** The profile, its target's problems printed (null then). */
async function readCheckedProfile(args: ParsedArgs) {
  const diagnostics = new Diagnostics();
  const profile = await readProfile(args, projectDirFrom(args, true), diagnostics);
  if (!diagnostics.hasErrors) return profile;
  // With --json, {"errors": [...]} on stdout, as every command that stops at the project's errors.
  failed(diagnostics.sorted(), flag(args, 'json'));
  return null;
}
