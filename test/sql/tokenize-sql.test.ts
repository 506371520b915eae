import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findUnterminated, tokenizeSql, type SqlToken } from '../../core/sql/tokenize-sql.js';

const significant = (sql: string) => tokenizeSql(sql).filter((t) => t.kind !== 'whitespace').map((t) => [t.kind, t.text]);

test('tokens concatenate back to the input', () => {
  const sql = "SELECT a.\"x\", 'it''s', $$a$$ -- c\n/* b /* n */ */ FROM ⟦ref:m⟧ WHERE x::int >= 1.5e3";
  assert.equal(tokenizeSql(sql).map((t) => t.text).join(''), sql);
});

test('starts are character offsets', () => {
  const tokens = tokenizeSql('a  bc');
  assert.deepEqual(tokens.map((t: SqlToken) => t.start), [0, 1, 3]);
});

test('line comments run to the end of the line, not including it', () => {
  assert.deepEqual(significant('a -- x :y\nb'), [['word', 'a'], ['line_comment', '-- x :y'], ['word', 'b']]);
  assert.deepEqual(significant('a -- x\r\nb'), [['word', 'a'], ['line_comment', '-- x'], ['word', 'b']]);
});

test('block comments nest', () => {
  assert.deepEqual(significant('a /* x /* y */ z */ b'), [['word', 'a'], ['block_comment', '/* x /* y */ z */'], ['word', 'b']]);
});

test('strings with doubled quotes, E-strings with backslashes, and dollar quotes', () => {
  assert.deepEqual(significant("'it''s' x"), [['string', "'it''s'"], ['word', 'x']]);
  assert.deepEqual(significant("E'a\\'b' x"), [['string', "E'a\\'b'"], ['word', 'x']]);
  assert.deepEqual(significant("'a\\' x"), [['string', "'a\\'"], ['word', 'x']]);
  assert.deepEqual(significant('$$ it\'s $x$ $$ y'), [['string', "$$ it's $x$ $$"], ['word', 'y']]);
  assert.deepEqual(significant('$fn$ a $$ b $fn$ y'), [['string', '$fn$ a $$ b $fn$'], ['word', 'y']]);
});

test('a lone $ is punctuation ($1 parameters); $ continues a word', () => {
  assert.deepEqual(significant('$1 a$b'), [['punct', '$'], ['number', '1'], ['word', 'a$b']]);
});

test('quoted identifiers with double quotes and backticks', () => {
  assert.deepEqual(significant('"a ""b""" `c``d` x'), [['quoted_identifier', '"a ""b"""'], ['quoted_identifier', '`c``d`'], ['word', 'x']]);
});

test('numbers', () => {
  assert.deepEqual(significant('1 2.5 .5 1e10 3E-2 7.'), [['number', '1'], ['number', '2.5'], ['number', '.5'], ['number', '1e10'], ['number', '3E-2'], ['number', '7.']]);
  assert.deepEqual(significant('arr[1:2]'), [['word', 'arr'], ['punct', '['], ['number', '1'], ['punct', ':'], ['number', '2'], ['punct', ']']]);
});

test('words include unicode letters, _ and $', () => {
  assert.deepEqual(significant('größe _x1 été$ 名前'), [['word', 'größe'], ['word', '_x1'], ['word', 'été$'], ['word', '名前']]);
});

test('placeholders are one token', () => {
  assert.deepEqual(significant('FROM ⟦dataset:_/eth_firehose@1.0.0⟧.logs'),
    [['word', 'FROM'], ['placeholder', '⟦dataset:_/eth_firehose@1.0.0⟧'], ['punct', '.'], ['word', 'logs']]);
});

test('multi-character operators are one token', () => {
  assert.deepEqual(significant('a::b<=c>=d<>e!=f||g->h->>i=>j').filter(([k]) => k !== 'word').map(([, t]) => t),
    ['::', '<=', '>=', '<>', '!=', '||', '->', '->>', '=>']);
  assert.deepEqual(significant('x::text')[1], ['operator', '::']);
  assert.deepEqual(significant(':a')[0], ['punct', ':']);
  assert.deepEqual(significant('a=b').map(([k]) => k), ['word', 'punct', 'word']);
  assert.deepEqual(significant('a - -b').map(([, t]) => t), ['a', '-', '-', 'b']);
});

test('unterminated strings, comments and identifiers run to the end and are flagged', () => {
  for (const sql of ["select 'abc", 'select /* a /* b */', 'select "abc', 'select $x$ abc', 'select ⟦ref:x']) {
    const tokens = tokenizeSql(sql);
    const last = tokens[tokens.length - 1];
    assert.equal(last.unterminated, true, sql);
    assert.equal(last.start + last.text.length, sql.length);
    assert.equal(findUnterminated(sql)?.start, last.start);
  }
  assert.equal(findUnterminated("select 'a' -- 'b"), null);
  assert.equal(tokenizeSql("'a'")[0].unterminated, undefined);
});

test('never throws on arbitrary input', () => {
  const sample = "'\"`$/*-⟦⟧:[]()\\\u0000\ud83d\ude00é1.e";
  for (let i = 0; i < 2000; i++) {
    let sql = '';
    for (let j = 0; j < 12; j++) sql += sample[(i * 7 + j * 13 + ((i * j) % 5)) % sample.length];
    assert.equal(tokenizeSql(sql).map((t) => t.text).join(''), sql);
  }
});
