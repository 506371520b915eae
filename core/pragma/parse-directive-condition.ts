import { SqlScanner, type SqlTokenKind } from '../sql/sql-scanner.js';
import { parseLiteral } from '../sql/parse-literal.js';
import { DirectiveError } from './directive-error.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { DirectiveCondition } from './pragma-types.js';

interface ConditionToken {
  kind: SqlTokenKind;
  text: string;
  start: number;
}

export const CONDITION_HINT =
  "conditions use is_incremental, target.name == 'x', var('x'), var('x') == 'y', ==, !=, not, and, or, parentheses and literals";

const CONSTANTS: Record<string, unknown> = { true: true, True: true, false: false, False: false, none: null, None: null };

/**
 * Parse an `#if` / `#elif` condition (Python-like: `not`, `and`, `or`, `==`, `!=`, parentheses).
 * Throws DirectiveError with an offset into `text`.
 */
export function parseDirectiveCondition(text: string): DirectiveCondition {
  const parser = new ConditionParser(text, conditionTokens(text));
  if (parser.atEnd()) throw new DirectiveError('missing condition', text.length, CONDITION_HINT);
  const condition = parser.or();
  if (!parser.atEnd()) throw parser.unexpected();
  return condition;
}

/** Significant tokens, with `= =` written together merged into `==`. */
function conditionTokens(text: string): ConditionToken[] {
  const tokens: ConditionToken[] = [];
  const scanner = new SqlScanner(text);
  while (scanner.next()) {
    const { kind, start } = scanner;
    if (kind === 'whitespace' || kind === 'line_comment' || kind === 'block_comment') continue;
    const last = tokens[tokens.length - 1];
    if (scanner.tokenText === '=' && last?.text === '=' && last.start + 1 === start) last.text = '==';
    else tokens.push({ kind, text: scanner.tokenText, start });
  }
  return tokens;
}

class ConditionParser {
  private index = 0;

  constructor(private readonly text: string, private readonly tokens: ConditionToken[]) {}

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  private peek(): ConditionToken | undefined {
    return this.tokens[this.index];
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  private accept(text: string): boolean {
    if (this.peek()?.text !== text) return false;
    this.index++;
    return true;
  }

  private expect(text: string): void {
    if (!this.accept(text)) throw this.unexpected(`expected '${text}'`);
  }

  unexpected(expected?: string): DirectiveError {
    const token = this.peek();
    const found = token ? `'${token.text}'` : 'the end of the line';
    const offset = token ? token.start : this.text.length;
    return new DirectiveError(expected ? `${expected}, found ${found}` : `unexpected ${found} in condition`, offset, CONDITION_HINT);
  }

  or(): DirectiveCondition {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.index++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): DirectiveCondition {
    let left = this.not();
    while (this.isKeyword('and')) {
      this.index++;
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): DirectiveCondition {
    if (!this.isKeyword('not')) return this.comparison();
    this.index++;
    return { kind: 'not', operand: this.not() };
  }

  private comparison(): DirectiveCondition {
    const left = this.primary();
    const op = this.peek()?.text;
    if (op === '=') throw new DirectiveError("use '==' to compare", this.peek()?.start ?? 0, CONDITION_HINT);
    if (op !== '==' && op !== '!=') return left;
    this.index++;
    return { kind: 'compare', op, left, right: this.primary() };
  }

  private primary(): DirectiveCondition {
    const token = this.peek();
    if (!token) throw this.unexpected('expected a condition');
    if (token.text === '(') {
      this.index++;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (token.kind === 'word') return this.name(token);
    return { kind: 'literal', value: this.literal() };
  }

  private name(token: ConditionToken): DirectiveCondition {
    this.index++;
    if (token.text === 'is_incremental') {
      if (this.accept('(')) this.expect(')');
      return { kind: 'is_incremental' };
    }
    if (token.text === 'target') return this.targetName();
    if (token.text === 'var') return this.variable();
    if (Object.hasOwn(CONSTANTS, token.text)) return { kind: 'literal', value: CONSTANTS[token.text] };
    this.index--;
    const near = didYouMean(token.text, ['is_incremental', 'target', 'var', 'true', 'false', 'none']);
    throw new DirectiveError(`unknown name '${token.text}' in condition`, token.start, near ? `${near} ${CONDITION_HINT}` : CONDITION_HINT);
  }

  private targetName(): DirectiveCondition {
    this.expect('.');
    const field = this.peek();
    if (field?.text !== 'name') throw this.unexpected("only 'target.name' is available: expected 'name'");
    this.index++;
    return { kind: 'target_name' };
  }

  private variable(): DirectiveCondition {
    this.expect('(');
    const nameToken = this.peek();
    const name = this.literal();
    if (typeof name !== 'string') throw new DirectiveError("var() takes the variable's name as a string", nameToken?.start ?? 0, "write var('name')");
    const fallback = this.accept(',') ? this.literal() : undefined;
    this.expect(')');
    return { kind: 'var', name, fallback };
  }

  /** A string, number (optionally negative) or constant. */
  private literal(): unknown {
    const token = this.peek();
    if (!token) throw this.unexpected('expected a value');
    if (token.kind === 'word' && Object.hasOwn(CONSTANTS, token.text)) {
      this.index++;
      return CONSTANTS[token.text];
    }
    const negative = token.text === '-' && this.tokens[this.index + 1]?.kind === 'number';
    const valueToken = negative ? this.tokens[this.index + 1] : token;
    if (valueToken.kind !== 'string' && valueToken.kind !== 'quoted_identifier' && valueToken.kind !== 'number') throw this.unexpected();
    this.index += negative ? 2 : 1;
    try {
      const value = parseLiteral(valueToken.text);
      return negative ? -(value as number) : value;
    } catch {
      throw new DirectiveError(`invalid value ${valueToken.text}`, valueToken.start, CONDITION_HINT);
    }
  }
}
