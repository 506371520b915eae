import { AmpDbtError } from '../core/errors.js';
import { parseVarsOption } from '../core/project/parse-vars.js';
import { str, UsageError, type ParsedArgs } from './args.js';

/** `--vars YAML` as a mapping; a usage error when it is not one. Undefined without the option. */
export function varsOption(args: ParsedArgs): Record<string, unknown> | undefined {
  const text = str(args, 'vars');
  if (text === undefined) return undefined;
  try {
    return parseVarsOption(text);
  } catch (error) {
    if (error instanceof AmpDbtError) throw new UsageError(error.message); // its messages name --vars
    throw error;
  }
}
