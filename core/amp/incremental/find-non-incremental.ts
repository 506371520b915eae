import { SqlCursor } from '../../sql/sql-cursor.js';

/** A clause Amp cannot maintain incrementally, found in SQL. */
export interface NonIncrementalClause {
  /** Groups occurrences: `aggregate`, `group-by`, `order-by`, `limit`, `distinct`, `outer-join`, `window`, `set-operation`. */
  kind: string;
  /** What the clause reads like in an error: `ORDER BY`, `count()`, `LEFT JOIN`. */
  clause: string;
  /** Character offset of the clause's first word. */
  start: number;
}

/** Aggregate functions (DataFusion's and DuckDB's common names); only a call `name(` counts. */
const AGGREGATES = new Set([
  'count', 'sum', 'min', 'max', 'avg', 'mean', 'median', 'array_agg', 'string_agg', 'list_agg', 'listagg', 'group_concat',
  'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'bool_and', 'bool_or', 'every',
  'bit_and', 'bit_or', 'bit_xor', 'approx_distinct', 'approx_median', 'approx_percentile_cont', 'percentile_cont',
  'percentile_disc', 'quantile', 'any_value', 'arg_min', 'arg_max', 'argmin', 'argmax', 'min_by', 'max_by',
  'corr', 'covar', 'covar_pop', 'covar_samp', 'regr_slope', 'regr_intercept', 'regr_count', 'regr_r2', 'count_distinct',
]);

/** Functions that only exist with OVER (reported as window functions). */
const WINDOW_ONLY = new Set(['row_number', 'rank', 'dense_rank', 'ntile', 'lag', 'lead', 'cume_dist', 'percent_rank', 'first_value', 'last_value', 'nth_value']);

const OUTER = new Set(['left', 'right', 'full']);
const JOIN_MODIFIERS = new Set(['outer', 'semi', 'anti']);

interface Token {
  word: string | null;
  text: string;
  start: number;
}

/** The significant tokens (no whitespace, comments); `word` is the lower-cased text of a bare word. */
function significantTokens(sql: string): Token[] {
  const tokens: Token[] = [];
  const cursor = new SqlCursor(sql);
  while (cursor.next()) tokens.push({ word: cursor.kind === 'word' ? cursor.text.toLowerCase() : null, text: cursor.text, start: cursor.start });
  return tokens;
}

/**
 * Every clause in `sql` that makes it non-incremental for Amp: aggregates (and GROUP BY / HAVING),
 * ORDER BY, LIMIT / OFFSET / FETCH, DISTINCT, outer, semi and anti joins, window functions (OVER / WINDOW), and set
 * operations that remove duplicates (UNION without ALL, INTERSECT, EXCEPT). Strings, comments and quoted
 * identifiers never match (the SQL tokenizer tells them apart). Clauses inside an aggregate's or a window's
 * parentheses (`count(DISTINCT x)`, `OVER (ORDER BY b)`) belong to that call and are not reported again.
 */
export function findNonIncremental(sql: string): NonIncrementalClause[] {
  const tokens = significantTokens(sql);
  const found: NonIncrementalClause[] = [];
  const parens: boolean[] = []; // per open paren: whether it opens an aggregate's or a window's arguments
  let insideCall = 0;
  let callOpens = -1; // index of the `(` that opens a call just reported
  const wordAt = (i: number) => tokens[i]?.word ?? null;
  const add = (kind: string, clause: string, start: number) => {
    if (insideCall === 0) found.push({ kind, clause, start });
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.text === '(' && token.word === null) {
      const opensCall = callOpens === i;
      parens.push(opensCall);
      if (opensCall) insideCall++;
      continue;
    }
    if (token.text === ')' && token.word === null) {
      if (parens.pop()) insideCall--;
      continue;
    }
    const word = token.word;
    if (word === null || tokens[i - 1]?.text === '.') continue;
    const next = tokens[i + 1];
    const nextWord = wordAt(i + 1);
    const callFollows = next?.text === '(' && next.word === null;
    if ((AGGREGATES.has(word) || WINDOW_ONLY.has(word)) && callFollows) {
      add(AGGREGATES.has(word) ? 'aggregate' : 'window', `${word}()`, token.start);
      callOpens = i + 1;
    } else if (word === 'over' && (callFollows || nextWord !== null)) {
      add('window', 'OVER (window function)', token.start);
      if (callFollows) callOpens = i + 1;
    } else if ((word === 'group' || word === 'order') && nextWord === 'by') {
      add(word === 'group' ? 'group-by' : 'order-by', word === 'group' ? 'GROUP BY' : 'ORDER BY', token.start);
    } else if (word === 'having') {
      add('group-by', 'HAVING', token.start);
    } else if (word === 'limit' || word === 'offset' || (word === 'fetch' && (nextWord === 'first' || nextWord === 'next'))) {
      add('limit', word.toUpperCase(), token.start);
    } else if (word === 'distinct' && wordAt(i - 1) !== 'is' && !(wordAt(i - 1) === 'not' && wordAt(i - 2) === 'is')) {
      add('distinct', 'DISTINCT', token.start);
    } else if (word === 'window' && nextWord !== null && wordAt(i + 2) === 'as') {
      add('window', 'WINDOW', token.start);
      callOpens = i + 3;
    } else if (OUTER.has(word) && (nextWord === 'join' || (JOIN_MODIFIERS.has(nextWord ?? '') && wordAt(i + 2) === 'join'))) {
      add('outer-join', `${word.toUpperCase()} ${nextWord === 'join' ? '' : `${nextWord!.toUpperCase()} `}JOIN`, token.start);
    } else if ((word === 'semi' || word === 'anti') && nextWord === 'join' && !OUTER.has(wordAt(i - 1) ?? '')) {
      // DuckDB's `ANTI JOIN` / `SEMI JOIN` without LEFT: whether a row is kept depends on the other side's every row.
      add('outer-join', `${word.toUpperCase()} JOIN`, token.start);
    } else if (word === 'union' && nextWord !== 'all') {
      add('set-operation', 'UNION (without ALL)', token.start);
    } else if (word === 'intersect' || (word === 'except' && tokens[i - 1]?.text !== '*')) {
      add('set-operation', word.toUpperCase(), token.start);
    }
  }
  return found;
}
