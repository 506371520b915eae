import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../../core/errors.js';
import { renderPragmaModel } from '../../core/pragma/pragma-model.js';
import { context, parse, render } from './pragma-test-helpers.js';

const HEADER = '-- Logs\n-- @import: logs = models.staging.stg_logs\n-- @import: eth = dataset _/eth_firehose@1.0.0\n';

test('header pragma lines are removed, other comments kept, references replaced', () => {
  assert.equal(render(`${HEADER}SELECT * FROM :logs l JOIN :eth.blocks b ON true -- note\n`),
    '-- Logs\nSELECT * FROM ⟦ref:stg_logs⟧ l JOIN ⟦dataset:_/eth_firehose@1.0.0⟧.blocks b ON true -- note\n');
});

test('references are never replaced inside strings, comments, quoted identifiers, casts or slices', () => {
  const body = `SELECT ':logs', E'\\':logs', $$ :logs $$, ":logs", x::logs, x :: logs, arr[1:logs], arr[:logs], arr[n:logs],
  f(a):logs, "q":logs, /* :logs */ 1 -- :logs
FROM :logs`;
  const out = render(HEADER + body);
  assert.equal(out, `-- Logs\n${body.replace('FROM :logs', 'FROM ⟦ref:stg_logs⟧')}`);
});

test('references at the start of a line, after punctuation and operators', () => {
  assert.equal(render(`${HEADER}SELECT * FROM (:logs) JOIN\n:eth.t ON a=:logs.x,:logs`),
    '-- Logs\nSELECT * FROM (⟦ref:stg_logs⟧) JOIN\n⟦dataset:_/eth_firehose@1.0.0⟧.t ON a=⟦ref:stg_logs⟧.x,⟦ref:stg_logs⟧');
});

test(':this is the model itself', () => {
  assert.equal(render('-- @config: materialized="incremental"\nSELECT max(n) FROM :this'), 'SELECT max(n) FROM ⟦this⟧');
});

test('a null from resolveImport leaves the reference as written', () => {
  const { parsed } = parse(`${HEADER}SELECT * FROM :logs, :eth.t`);
  const out = renderPragmaModel(parsed, context({ resolveImport: (imp) => (imp.alias === 'eth' ? null : 'L') }), new Diagnostics());
  assert.equal(out, '-- Logs\nSELECT * FROM L, :eth.t');
});

const DIRECTIVES = `SELECT 1
#if is_incremental
WHERE a
#elif target.name == 'prod'
WHERE b
#else
WHERE c
#endif
LIMIT 1`;

test('#if / #elif / #else keep only the active branch and drop directive lines', () => {
  assert.equal(render(DIRECTIVES, { isIncremental: true }), 'SELECT 1\nWHERE a\nLIMIT 1');
  assert.equal(render(DIRECTIVES, { targetName: 'prod' }), 'SELECT 1\nWHERE b\nLIMIT 1');
  assert.equal(render(DIRECTIVES), 'SELECT 1\nWHERE c\nLIMIT 1');
});

test('nested directives, indentation and trailing comments on directive lines', () => {
  const sql = `SELECT 1
  #if is_incremental()   -- only on incremental runs
  WHERE a
    #if var('strict')
    AND b
    #endif
  #endif /* done */
`;
  assert.equal(render(sql, { isIncremental: true, vars: { strict: 1 } }), 'SELECT 1\n  WHERE a\n    AND b\n');
  assert.equal(render(sql, { isIncremental: true }), 'SELECT 1\n  WHERE a\n');
  assert.equal(render(sql, { vars: { strict: true } }), 'SELECT 1\n');
});

test('conditions: not, and, or, parentheses, literals, var comparisons and defaults', () => {
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['not is_incremental', {}, true],
    ["var('x') == 'y'", { x: 'y' }, true],
    ["var('x') != 'y'", { x: 'y' }, false],
    ["var('x', 'y') == 'y'", {}, true],
    ["var('x')", { x: [] }, false],
    ["var('x')", { x: 'no' }, true],
    ["var('n') == 3", { n: 3 }, true],
    ["var('n') == -3", { n: -3 }, true],
    ["var('missing') == none", {}, true],
    ["(is_incremental or target.name == 'dev') and not var('off')", {}, true],
    ["is_incremental or target.name == 'dev' and var('off')", { off: true }, true],
    ['not not true', {}, true],
    ['False or 0', {}, false],
    ['"dev" == target.name', {}, true],
  ];
  for (const [condition, vars, expected] of cases) {
    const sql = `SELECT 1\n#if ${condition}\nYES\n#endif\n`;
    assert.equal(render(sql, { vars }).includes('YES'), expected, condition);
  }
});

test('rendering twice (incremental and full) uses one parse', () => {
  const { parsed } = parse(`-- @import: logs = models.s.stg_logs\nSELECT * FROM :logs\n#if is_incremental\nWHERE x > (SELECT max(x) FROM :this)\n#endif\n`);
  assert.equal(renderPragmaModel(parsed, context({ isIncremental: true })), 'SELECT * FROM ⟦ref:stg_logs⟧\nWHERE x > (SELECT max(x) FROM ⟦this⟧)\n');
  assert.equal(renderPragmaModel(parsed, context()), 'SELECT * FROM ⟦ref:stg_logs⟧\n');
});

test('# that is not a directive stays SQL', () => {
  assert.equal(render('SELECT a\n# b, "#if" FROM t -- #if x'), 'SELECT a\n# b, "#if" FROM t -- #if x');
});
