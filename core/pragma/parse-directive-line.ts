import { SqlScanner } from '../sql/sql-scanner.js';
import { conditionVars } from './evaluate-condition.js';
import { DirectiveError } from './directive-error.js';
import type { DirectiveStack } from './directive-stack.js';
import { parseDirectiveCondition } from './parse-directive-condition.js';
import type { PragmaParseState } from './pragma-parse-state.js';
import type { DirectiveCondition } from './pragma-types.js';

export const DIRECTIVES = ['if', 'elif', 'else', 'endif'];

const NEVER: DirectiveCondition = { kind: 'literal', value: false };

/**
 * One `#if` / `#elif` / `#else` / `#endif` line: `keyword` starts at `hash` + 1 and `rest` (the text
 * after it up to the end of the line) at `restOffset`.
 */
export function parseDirectiveLine(state: PragmaParseState, stack: DirectiveStack, keyword: string, hash: number, rest: string, restOffset: number): void {
  const line = state.lines.position(hash).line;
  if (keyword === 'if') {
    stack.openIf(condition(state, rest, restOffset, '#if'), line, hash);
    return;
  }
  if (keyword === 'endif') {
    expectNothing(state, rest, restOffset, '#endif');
    if (!stack.close()) state.report('unbalanced-directive', '#endif without an #if', hash, 'remove it, or add the #if it closes');
    return;
  }
  const branch = keyword === 'elif' ? condition(state, rest, restOffset, '#elif') : null;
  if (branch === null) expectNothing(state, rest, restOffset, '#else');
  const problem = stack.addBranch(branch, line);
  if (problem) state.report('unbalanced-directive', problem, hash, 'every #elif and #else belongs between an #if and its #endif, with #else last');
}

function condition(state: PragmaParseState, rest: string, restOffset: number, directive: string): DirectiveCondition {
  try {
    const parsed = parseDirectiveCondition(rest);
    conditionVars(parsed, state.usedVars);
    return parsed;
  } catch (error) {
    if (!(error instanceof DirectiveError)) throw error;
    state.report('invalid-directive', `${directive}: ${error.message}`, restOffset + error.offset, error.hint);
    return NEVER;
  }
}

function expectNothing(state: PragmaParseState, rest: string, restOffset: number, directive: string): void {
  const scanner = new SqlScanner(rest);
  while (scanner.next()) {
    const kind = scanner.kind;
    if (kind === 'whitespace' || kind === 'line_comment' || kind === 'block_comment') continue;
    const hint = directive === '#else' ? 'for a condition write #elif <condition>' : 'put nothing after it on the line';
    state.report('invalid-directive', `${directive} takes no condition, found '${scanner.tokenText}'`, restOffset + scanner.start, hint);
    return;
  }
}
