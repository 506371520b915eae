import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitConfigValue } from './git-config.js';

/** The variables that say where git finds its system and global (user) config files. */
export interface UserGitConfigEnvironment {
  HOME?: string;
  XDG_CONFIG_HOME?: string;
  GIT_CONFIG_GLOBAL?: string;
  GIT_CONFIG_SYSTEM?: string;
  GIT_CONFIG_NOSYSTEM?: string;
}

/** The system and global config files, lowest precedence first; none until the CLI says (core reads no environment). */
let userFiles: string[] = [];

/**
 * Has later lookups (layeredConfigValue) read the system and global config files git reads with this
 * environment: `/etc/gitconfig` (or GIT_CONFIG_SYSTEM; none with GIT_CONFIG_NOSYSTEM), then
 * `$XDG_CONFIG_HOME/git/config` (else `~/.config/git/config`) and `~/.gitconfig`, or GIT_CONFIG_GLOBAL alone.
 * Called once by the CLI.
 */
export function useUserGitConfig(env: UserGitConfigEnvironment): void {
  const noSystem = env.GIT_CONFIG_NOSYSTEM !== undefined && !/^(0|false|no|off|)$/i.test(env.GIT_CONFIG_NOSYSTEM);
  const system = noSystem ? [] : [env.GIT_CONFIG_SYSTEM || '/etc/gitconfig'];
  const xdg = env.XDG_CONFIG_HOME ? join(env.XDG_CONFIG_HOME, 'git', 'config') : env.HOME ? join(env.HOME, '.config', 'git', 'config') : null;
  const global = env.GIT_CONFIG_GLOBAL !== undefined ? [env.GIT_CONFIG_GLOBAL] : [xdg, env.HOME ? join(env.HOME, '.gitconfig') : null];
  userFiles = [...system, ...global].filter((file): file is string => file !== null && file !== '');
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
