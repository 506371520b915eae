import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { gitConfigValue } from './git-config.js';

/** The variables that say where git finds its system and global (user) config files. */
export interface UserGitConfigEnvironment {
  HOME?: string;
  XDG_CONFIG_HOME?: string;
  GIT_CONFIG_GLOBAL?: string;
  GIT_CONFIG_SYSTEM?: string;
  GIT_CONFIG_NOSYSTEM?: string;
  GIT_ATTR_NOSYSTEM?: string;
}

/** The system and global config files, lowest precedence first; none until the CLI says (core reads no environment). */
let userFiles: string[] = [];
/** The system attributes file (null: none), and where `~` and the default global attributes file are. */
let attributes: { system: string | null; home?: string; xdgDefault: string | null } = { system: null, xdgDefault: null };

/**
 * Has later lookups (layeredConfigValue) read the system and global config files git reads with this
 * environment: `/etc/gitconfig` (or GIT_CONFIG_SYSTEM; none with GIT_CONFIG_NOSYSTEM), then
 * `$XDG_CONFIG_HOME/git/config` (else `~/.config/git/config`) and `~/.gitconfig`, or GIT_CONFIG_GLOBAL alone.
 * Called once by the CLI.
 */
export function useUserGitConfig(env: UserGitConfigEnvironment): void {
  const system = isSet(env.GIT_CONFIG_NOSYSTEM) ? [] : [env.GIT_CONFIG_SYSTEM || '/etc/gitconfig'];
  const xdg = env.XDG_CONFIG_HOME ? join(env.XDG_CONFIG_HOME, 'git', 'config') : env.HOME ? join(env.HOME, '.config', 'git', 'config') : null;
  const global = env.GIT_CONFIG_GLOBAL !== undefined ? [env.GIT_CONFIG_GLOBAL] : [xdg, env.HOME ? join(env.HOME, '.gitconfig') : null];
  userFiles = [...system, ...global].filter((file): file is string => file !== null && file !== '');
  attributes = {
    system: isSet(env.GIT_ATTR_NOSYSTEM) ? null : '/etc/gitattributes',
    home: env.HOME || undefined,
    xdgDefault: env.XDG_CONFIG_HOME ? join(env.XDG_CONFIG_HOME, 'git', 'attributes') : env.HOME ? join(env.HOME, '.config', 'git', 'attributes') : null,
  };
}

/** A boolean environment variable git reads as true (set, and not 0, false, no, off or empty). */
const isSet = (value: string | undefined) => value !== undefined && !/^(0|false|no|off|)$/i.test(value);

/**
 * The attributes files git reads for a repository besides its `.gitattributes` and `info/attributes`, lowest
 * precedence first: the system one (`/etc/gitattributes`, none with GIT_ATTR_NOSYSTEM) and the global one,
 * `core.attributesFile` (`~/` for the home folder; relative to the working tree `repoRoot`, where git runs),
 * else `$XDG_CONFIG_HOME/git/attributes` (or `~/.config/git/attributes`). As useUserGitConfig named them.
 */
export function userAttributesFiles(repoRoot: string, commonDir: string): string[] {
  const configured = layeredConfigValue(commonDir, 'core', null, 'attributesfile');
  let global = attributes.xdgDefault;
  if (configured !== undefined && configured !== '') {
    const home = configured.startsWith('~/') && attributes.home ? join(attributes.home, configured.slice(2)) : configured;
    global = isAbsolute(home) ? home : resolve(repoRoot, home);
  }
  return [attributes.system, global].filter((file): file is string => file !== null);
}

/**
 * `section.subsection.key` as git reads it in a repository: its own config (`<commonDir>/config`) over the
 * global and system files useUserGitConfig named (the last one set wins). Includes are not followed.
 */
export function layeredConfigValue(commonDir: string, section: string, subsection: string | null, key: string): string | undefined {
  let value: string | undefined;
  for (const file of [...userFiles, join(commonDir, 'config')]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    value = gitConfigValue(text, section, subsection, key) ?? value;
  }
  return value;
}
