import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkIncrementalSql } from '../../core/amp/incremental/check-incremental-sql.js';
import { findNonIncremental } from '../../core/amp/incremental/find-non-incremental.js';
import { blankNonSql } from '../../core/compile/blank-non-sql.js';
import { Diagnostics } from '../../core/errors.js';
import { ampTarget, compileFiles, compileFixture } from '../helpers.js';

const clauses = (sql: string) => findNonIncremental(sql).map((c) => c.clause);

test('each non-incremental clause is found', () => {
  assert.deepEqual(clauses('select a, count(*) from t group by a having count(*) > 1'), ['count()', 'GROUP BY', 'HAVING', 'count()']);
  assert.deepEqual(clauses('select * from t order by a limit 10 offset 5'), ['ORDER BY', 'LIMIT', 'OFFSET']);
  assert.deepEqual(clauses('select distinct a from t'), ['DISTINCT']);
  assert.deepEqual(clauses('select * from a left join b on a.x = b.x right outer join c using (x) full join d on true'), ['LEFT JOIN', 'RIGHT OUTER JOIN', 'FULL JOIN']);
  assert.deepEqual(clauses('select * from a anti join b on a.x = b.x semi join c using (x) left anti join d using (x) join e using (x)'), ['ANTI JOIN', 'SEMI JOIN', 'LEFT ANTI JOIN']);
  assert.deepEqual(clauses('select row_number() over (partition by a order by b) from t'), ['row_number()', 'OVER (window function)']);
  assert.deepEqual(clauses('select sum(x) over w from t window w as (order by y)'), ['sum()', 'OVER (window function)', 'WINDOW']);
  assert.deepEqual(clauses('select a from t union select a from u'), ['UNION (without ALL)']);
  assert.deepEqual(clauses('select * from t fetch first 3 rows only'), ['FETCH']);
});

test('incremental SQL passes: inner joins, UNION ALL, scalar calls, IS DISTINCT FROM, star EXCEPT', () => {
  assert.deepEqual(clauses(`
    select l.block_num, b.timestamp, greatest(l.a, l.b) as g, cast(x as date) as d, t.count, t.max
    from eth.logs l join eth.blocks b on b.block_num = l.block_num inner join t on t.id = l.id
    where l.a is distinct from l.b and l.c is not distinct from 1
    union all select * except (x) from u`), []);
});

test('strings, comments and quoted identifiers never match', () => {
  assert.deepEqual(clauses(`select 'order by x limit 1' as s, "count" as c -- group by a\n/* select distinct */ from t`), []);
  assert.deepEqual(clauses('select count from t'), [], 'a column named count is not a call');
});

test('clauses inside an aggregate or window call are reported once, as the call', () => {
  assert.deepEqual(clauses('select count(distinct a), array_agg(b order by c) from t'), ['count()', 'array_agg()']);
  assert.deepEqual(clauses('select lag(a) over (order by b) from t'), ['lag()', 'OVER (window function)']);
});

test('Jinja and the is_incremental branch are blanked out, keeping lines and columns', () => {
  const content = "{# order by #}\nselect a from {{ ref('t') }}\n{% if is_incremental() %}\nwhere a > (select max(a) from {{ this }})\n{% endif %}\n";
  const blanked = blankNonSql(content);
  assert.equal(blanked.length, content.length);
  assert.equal(blanked.split('\n').length, content.split('\n').length);
  assert.deepEqual(clauses(blanked), []);
  assert.deepEqual(clauses(blankNonSql('select a\n#if is_incremental\nwhere a > (select max(a) from :this)\n#else\nlimit 5\n#endif\n')), ['LIMIT']);
  // A `}}` closing a dict inside the tag does not end it; a `%}` inside a string does not end a block.
  const nested = "{{ config(meta={'owner': {'team': 'x'}}) }}{% set s = '%} order by' %}select a from t";
  assert.equal(blankNonSql(nested), ' '.repeat(nested.indexOf('select')) + 'select a from t');
});

test('the example: top_senders and dim_tokens are errors at the clause\'s file, line and column when registered', () => {
  const { result, errors } = compileFixture('erc20_transfers', { target: ampTarget });
  assert.deepEqual(errors, []);
  assert.deepEqual([...checkIncrementalSql(result!, new Diagnostics())], [], 'as written, the example keeps them ad-hoc (register: false)');
  for (const model of result!.models) delete model.config.register;
  const diagnostics = new Diagnostics();
  const failed = checkIncrementalSql(result!, diagnostics);
  assert.deepEqual([...failed].sort(), ['dim_tokens', 'token_daily_volume', 'top_senders']);
  const at = (file: string) => diagnostics.sorted().filter((d) => d.file === file).map((d) => `${d.line}:${d.column} ${d.message.replace(/.*: /, '')}`);
  assert.deepEqual(at('models/marts/top_senders.sql'), [
    '5:5 count() is not incremental', '12:1 GROUP BY is not incremental', '13:1 ORDER BY is not incremental', '14:1 LIMIT is not incremental',
  ]);
  assert.deepEqual(at('models/marts/dim_tokens.sql'), ['7:5 min() is not incremental', '13:1 GROUP BY is not incremental']);
  const volume = at('models/marts/token_daily_volume.sql');
  assert.ok(volume.includes('29:1 GROUP BY is not incremental'), volume.join('\n'));
  const one = diagnostics.items.find((d) => d.file === 'models/marts/top_senders.sql' && /ORDER BY/.test(d.message))!;
  assert.equal(one.code, 'non-incremental-sql');
  assert.match(one.message, /'top_senders' is registered on Amp, which only accepts incremental SQL/);
  assert.match(one.hint!, /register: false/);
});

test('register: false keeps a model an ad-hoc query; an ephemeral model inlined into a registered one is checked', () => {
  const { result } = compileFiles({
    'dbt_project.yml': "name: p\nmodels:\n  p:\n    +dependencies:\n      eth: '_/eth_firehose@1.0.0'\n",
    'models/adhoc.sql': "{{ config(register=false) }}\nselect count(*) from {{ ref('eth') }}.logs",
    'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect distinct address from {{ ref('eth') }}.logs",
    'models/reg.sql': "select * from {{ ref('eph') }}",
  }, { target: ampTarget });
  const diagnostics = new Diagnostics();
  assert.deepEqual([...checkIncrementalSql(result!, diagnostics)], ['eph']);
  assert.equal(diagnostics.items.length, 1);
  assert.deepEqual([diagnostics.items[0].file, diagnostics.items[0].line, diagnostics.items[0].column], ['models/eph.sql', 2, 8]);
  assert.match(diagnostics.items[0].message, /ephemeral, inlined into registered model 'reg'/);
});
