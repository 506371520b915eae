import { LiteralParseError } from '../sql/literal-parse-error.js';
import { parseCallArguments } from '../sql/parse-literal.js';
import type { PragmaParseState } from './pragma-parse-state.js';

const EXAMPLE = "-- @config: materialized='incremental', unique_key='id', tags=['erc20']";

/** `k=v, k2=v2` after `-- @config:` (at `offset`); `at` is where the pragma starts, for its location. */
export function parseConfigPragma(state: PragmaParseState, text: string, offset: number, at: number): void {
  let parsed;
  try {
    parsed = parseCallArguments(text);
  } catch (error) {
    if (!(error instanceof LiteralParseError)) throw error;
    state.report('invalid-literal', `invalid @config: ${error.message}`, offset + error.offset, error.hint ?? `write key=value pairs, e.g. ${EXAMPLE}`);
    return;
  }
  if (parsed.args.length > 0) {
    state.report('invalid-config', '@config takes key=value pairs, not positional values', offset + leadingSpace(text), `e.g. ${EXAMPLE}`);
    return;
  }
  state.parsed.configs.push({ kwargs: parsed.kwargs, location: state.locationAt(at) });
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}
