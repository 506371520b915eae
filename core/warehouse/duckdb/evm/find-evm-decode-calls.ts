import { SqlScanner, type SqlTokenKind } from '../../../sql/sql-scanner.js';
import { AdapterError } from '../../adapter-error.js';

/** One `evm_decode_log(...)` or `evm_decode(...)` call: where its name is and its signature literal's value. */
export interface EvmDecodeCall {
  nameStart: number;
  nameEnd: number;
  /** Set when the call is already of a per-event function (`evm_decode_log__1a2b3c4d`): that name, lower case. */
  decoderName: string | null;
  signature: string;
}

type Token = { kind: SqlTokenKind; start: number; end: number; text: string };

const decodeFunctions = new Set(['evm_decode_log', 'evm_decode']);
/** A call prepareEvmSql already rewrote, as DuckDB keeps it in a view's SQL. */
const decoderName = /^evm_decode_log__[0-9a-f]{8}$/;
const ARGUMENTS = 5;

/**
 * Finds every call of Amp's log decoders in `sql` (and of the per-event functions they are rewritten to,
 * so the decoders a stored view needs can be found again from its SQL), nested ones included, reading the SQL as SQL: names inside
 * strings, quoted identifiers and comments are not calls, nor are `x.evm_decode(...)` method calls or names
 * not followed by `(`. A call must have five arguments, the last a plain string literal (the return type
 * depends on it); otherwise AdapterError `unsupported-sql`. Unbalanced parentheses are left for DuckDB to report.
 */
export function findEvmDecodeCalls(sql: string): EvmDecodeCall[] {
  const tokens = significantTokens(sql);
  const calls: EvmDecodeCall[] = [];
  tokens.forEach((token, i) => {
    const name = token.text.toLowerCase();
    if (token.kind !== 'word' || !(decodeFunctions.has(name) || decoderName.test(name))) return;
    if (!isPunct(tokens[i + 1], '(') || isPunct(tokens[i - 1], '.')) return;
    const args = callArguments(tokens, i + 2);
    if (args === null) return;
    const refuse = (why: string): never => {
      throw new AdapterError('unsupported-sql', `${token.text} at line ${position(sql, token.start)}: ${why}`, {
        hint: "call it as evm_decode_log(topic1, topic2, topic3, data, 'Transfer(address indexed from, address indexed to, uint256 value)')",
      });
    };
    if (args.length !== ARGUMENTS) refuse(`expects ${ARGUMENTS} arguments (topic1, topic2, topic3, data, signature) but has ${args.length}`);
    const last = args[ARGUMENTS - 1];
    const literal = last.length === 1 && last[0].kind === 'string' && /^'[^]*'$/.test(last[0].text) ? last[0].text : null;
    if (literal === null) refuse('the event signature must be a string literal, because the columns it returns depend on it');
    else {
      const signature = literal.slice(1, -1).replaceAll("''", "'");
      calls.push({ nameStart: token.start, nameEnd: token.end, decoderName: decodeFunctions.has(name) ? null : name, signature });
    }
  });
  return calls;
}

/** The tokens of each argument of the call whose `(` precedes `from`, or null when its `)` is missing. */
function callArguments(tokens: readonly Token[], from: number): Token[][] | null {
  const args: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (let j = from; j < tokens.length; j++) {
    const token = tokens[j];
    if (token.kind === 'punct' && depth === 0 && (token.text === ')' || token.text === ',')) {
      if (token.text === ')' && current.length === 0 && args.length === 0) return [];
      args.push(current);
      if (token.text === ')') return args;
      current = [];
      continue;
    }
    if (token.kind === 'punct' && '([{'.includes(token.text)) depth++;
    else if (token.kind === 'punct' && ')]}'.includes(token.text)) depth--;
    current.push(token);
  }
  return null;
}

function significantTokens(sql: string): Token[] {
  const scanner = new SqlScanner(sql);
  const tokens: Token[] = [];
  while (scanner.next()) {
    const { kind, start, end } = scanner;
    if (kind !== 'whitespace' && kind !== 'line_comment' && kind !== 'block_comment') tokens.push({ kind, start, end, text: scanner.tokenText });
  }
  return tokens;
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.text === text;
}

/** `line L, column C` (1-based) of an offset. */
function position(sql: string, offset: number): string {
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}, column ${offset - before.lastIndexOf('\n')}`;
}
