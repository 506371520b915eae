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
    // Its messages name --vars; the hint (an example of a mapping) goes with it.
    if (error instanceof AmpDbtError) throw new UsageError(error.hint ? `${error.message}: ${error.hint}` : error.message);
    throw error;
  }
}
