import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompileError } from '../../core/errors.js';
import { LiteralParseError, parseCallArguments, parseLiteral } from '../../core/sql/parse-literal.js';

function failsAt(fn: () => unknown, offset: number, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof LiteralParseError);
    assert.ok(error instanceof CompileError);
    assert.equal(error.code, 'invalid-literal');
    assert.equal(error.offset, offset, `offset of: ${error.message}`);
    if (message) assert.match(error.message, message);
    return true;
  });
}

test('config call arguments', () => {
  const parsed = parseCallArguments(
    "materialized='table', tags=['a','b'], unique_key=\"id\", dependencies={'eth': '_/eth_firehose@1.0.0'}, n=1.5, on=true, off=False, x=none");
  assert.deepEqual(parsed, {
    args: [],
    kwargs: {
      materialized: 'table', tags: ['a', 'b'], unique_key: 'id', dependencies: { eth: '_/eth_firehose@1.0.0' },
      n: 1.5, on: true, off: false, x: null,
    },
  });
});

test('positional arguments, then keywords; whitespace, newlines and trailing commas', () => {
  assert.deepEqual(parseCallArguments(" 'stg', 'orders' , v = 2 ,\n"), { args: ['stg', 'orders'], kwargs: { v: 2 } });
  assert.deepEqual(parseCallArguments(''), { args: [], kwargs: {} });
  assert.deepEqual(parseCallArguments('  '), { args: [], kwargs: {} });
});

test('literals', () => {
  assert.equal(parseLiteral("'a\\'b'"), "a'b");
  assert.equal(parseLiteral('"a\\"b\\n\\t\\\\"'), 'a"b\n\t\\');
  assert.equal(parseLiteral("'\\x41\\u00e9'"), 'Aé');
  assert.equal(parseLiteral("'\\d'"), '\\d');
  assert.equal(parseLiteral("'say \"hi\"'"), 'say "hi"');
  assert.equal(parseLiteral('-3'), -3);
  assert.equal(parseLiteral('+3'), 3);
  assert.equal(parseLiteral('1_000'), 1000);
  assert.equal(parseLiteral('2.5e-3'), 0.0025);
  assert.equal(parseLiteral('.5'), 0.5);
  assert.equal(parseLiteral('True'), true);
  assert.equal(parseLiteral('None'), null);
  assert.equal(parseLiteral('null'), null);
  assert.deepEqual(parseLiteral("(1, 'a',)"), [1, 'a']);
  assert.deepEqual(parseLiteral('[]'), []);
  assert.deepEqual(parseLiteral("{'a': [1, {'b': none}], \"c\": (),}"), { a: [1, { b: null }], c: [] });
});

test('errors carry the offset of the problem', () => {
  failsAt(() => parseCallArguments("materialized='table"), 13, /unterminated string/);
  failsAt(() => parseCallArguments('materialized=table'), 13, /unexpected name 'table'/);
  failsAt(() => parseCallArguments("tags=['a' 'b']"), 10, /expected ',' or ']'/);
  failsAt(() => parseCallArguments("tags=['a',"), 5, /unclosed '\['/);
  failsAt(() => parseCallArguments("a=1, 'x'"), 5, /positional argument follows keyword/);
  failsAt(() => parseCallArguments('a=1, a=2'), 5, /repeated/);
  failsAt(() => parseCallArguments('a=1 b=2'), 4, /expected ','/);
  failsAt(() => parseCallArguments('a='), 2, /expected a value/);
  failsAt(() => parseCallArguments('a=1x'), 2, /invalid number/);
  failsAt(() => parseLiteral("{1: 'a'}"), 1, /keys must be strings/);
  failsAt(() => parseLiteral("{'a' 1}"), 5, /expected ':'/);
  failsAt(() => parseLiteral("'a' 'b'"), 4, /unexpected/);
  failsAt(() => parseLiteral(''), 0, /expected a value/);
  failsAt(() => parseLiteral("'\\xZZ'"), 1, /invalid \\x escape/);
  failsAt(() => parseLiteral('-'), 0, /expected a number/);
});

test('an unknown name suggests quoting it', () => {
  assert.throws(() => parseLiteral('table'), (error: unknown) => error instanceof LiteralParseError && /'table'/.test(error.hint ?? ''));
});
