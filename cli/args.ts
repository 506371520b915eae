/** A small argument parser: flags, `--key value`, `--key=value`, and list options that take several values. */

export type OptionKind = 'boolean' | 'string' | 'list';

export interface OptionSpec {
  kind: OptionKind;
  short?: string;
  /** Other spellings, as written on the command line (`--models`, `-m`): read as this option. */
  aliases?: string[];
  /** Allowed values for a string option. */
  choices?: string[];
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  options: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], specs: OptionSpecs): ParsedArgs {
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(specs).filter(([, s]) => s.short).map(([name, s]) => [s.short!, name]));
  const byAlias = new Map(Object.entries(specs).flatMap(([name, s]) => (s.aliases ?? []).map((alias) => [alias, name] as const)));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const written = arg.startsWith('--') ? arg.slice(0, eq < 0 ? undefined : eq) : arg;
    const rawName = byAlias.get(written)
      ?? (arg.startsWith('--') ? arg.slice(2, eq < 0 ? undefined : eq) : byShort.get(arg.slice(1)) ?? arg.slice(1));
    const inline = eq < 0 || !arg.startsWith('--') ? undefined : arg.slice(eq + 1);
    const spec = specs[rawName];
    if (!spec) {
      const known = Object.keys(specs).map((n) => `--${n}`).join(', ');
      throw new UsageError(`unknown option '${arg.slice(0, eq < 0 ? undefined : eq)}' (options: ${known})`);
    }
    if (spec.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${rawName} takes no value`);
      options[rawName] = true;
    } else if (spec.kind === 'string') {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${rawName} needs a value`);
      if (spec.choices && !spec.choices.includes(value)) {
        throw new UsageError(`--${rawName} must be one of ${spec.choices.join(', ')} (got '${value}')`);
      }
      options[rawName] = value;
    } else {
      const values = (options[rawName] as string[] | undefined) ?? [];
      if (inline !== undefined) values.push(inline);
      else {
        let taken = 0;
        while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) {
          values.push(argv[++i]);
          taken++;
        }
        if (taken === 0) throw new UsageError(`--${rawName} needs at least one value`);
      }
      options[rawName] = values;
    }
  }
  return { options, positionals };
}

export const str = (args: ParsedArgs, name: string): string | undefined => args.options[name] as string | undefined;
export const flag = (args: ParsedArgs, name: string): boolean => args.options[name] === true;
export const list = (args: ParsedArgs, name: string): string[] | undefined => args.options[name] as string[] | undefined;
