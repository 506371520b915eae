import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pythonStringMethod } from '../../core/compile/jinja/python-string-methods.js';
import { pythonTuple } from '../../core/compile/jinja/python-tuple.js';

const call = (s: string, name: string, ...args: unknown[]) => pythonStringMethod(s, name)!(...args);

test("Python's string methods with Python's meaning (the values Python 3 gives)", () => {
  assert.equal(call('Stg_Orders', 'upper'), 'STG_ORDERS');
  assert.equal(call('Stg_Orders', 'lower'), 'stg_orders');
  assert.equal(call('  x \n', 'strip'), 'x');
  assert.equal(call('xxaxx', 'strip', 'x'), 'a');
  assert.equal(call('  x  ', 'lstrip'), 'x  ');
  assert.equal(call('  x  ', 'rstrip'), '  x');
  assert.equal(call('stg_orders', 'startswith', 'stg_'), true);
  assert.equal(call('stg_orders', 'startswith', pythonTuple(['int_', 'stg_'])), true, 'a tuple of prefixes');
  assert.throws(() => call('stg_orders', 'startswith', ['int_', 'stg_']), /^Error: startswith first arg must be str or a tuple of str, not list$/, 'a list is not one, as in Python');
  assert.equal(call('orders.sql', 'endswith', '.csv'), false);
  assert.equal(call('a-b-c', 'replace', '-', '_'), 'a_b_c', 'every occurrence, not only the first');
  assert.equal(call('a-b-c', 'replace', '-', '_', 1), 'a_b-c');
  assert.equal(call('ab', 'replace', '', '-'), '-a-b-');
  assert.deepEqual(call('  a b\t c ', 'split'), ['a', 'b', 'c']);
  assert.deepEqual(call('a,b,,c', 'split', ','), ['a', 'b', '', 'c']);
  assert.deepEqual(call('a,b,c', 'split', ',', 1), ['a', 'b,c']);
  assert.deepEqual(call('a,b,c', 'split', { sep: ',', maxsplit: 1, __keywords: true }), ['a', 'b,c'], 'keyword arguments');
  assert.deepEqual(call('a b c', 'split', null, 1), ['a', 'b c']);
  assert.deepEqual(call('', 'split'), []);
  assert.equal(call("they're bill's friends", 'title'), "They'Re Bill'S Friends");
  assert.equal(call('hELLO world', 'capitalize'), 'Hello world');
  assert.equal(pythonStringMethod('x', 'expandtabs'), undefined);
  assert.equal(pythonStringMethod('x', 'constructor'), undefined);
});

test("Python's join, find, count, rsplit, padding and is* string methods, as Python 3 gives them", () => {
  assert.equal(call(', ', 'join', ['a', 'b', 'c']), 'a, b, c');
  assert.equal(call('-', 'join', 'abc'), 'a-b-c', 'a string is a sequence of characters');
  assert.equal(call(', ', 'join', []), '');
  assert.throws(() => call(', ', 'join', ['a', 1]), /item 1 is not a string .*join filter/);
  assert.equal(call('stg_orders', 'find', '_'), 3);
  assert.equal(call('a_b_c', 'rfind', '_'), 3);
  assert.equal(call('abc', 'find', 'x'), -1);
  assert.equal(call('a_b_c', 'count', '_'), 2);
  assert.deepEqual([...(call('a.b.c', 'partition', '.') as string[])], ['a', '.', 'b.c']);
  assert.deepEqual([...(call('a.b.c', 'rpartition', '.') as string[])], ['a.b', '.', 'c']);
  assert.deepEqual([...(call('abc', 'partition', 'x') as string[])], ['abc', '', '']);
  assert.deepEqual([...(call('abc', 'rpartition', 'x') as string[])], ['', '', 'abc']);
  assert.throws(() => call('a::b', 'partition', { sep: '::', __keywords: true }), /^Error: str.partition\(\) takes no keyword arguments$/, "Python's str methods take none, split's aside");
  assert.deepEqual(call('a b c', 'split', { sep: ' ', maxsplit: 1, __keywords: true }), ['a', 'b c']);
  assert.equal(call('a_b_c', 'index', '_'), 1);
  assert.equal(call('a_b_c', 'rindex', '_'), 3);
  assert.throws(() => call('abc', 'index', 'x'), /substring not found/);
  // start and end, as Python's slice reads them (they were ignored)
  assert.deepEqual([call('abab', 'find', 'a', 1), call('abab', 'find', 'a', 1, 2), call('abab', 'rfind', 'a', 0, 2), call('abab', 'find', 'b', -10, -2)], [2, -1, 0, 1]);
  assert.deepEqual([call('abab', 'find', '', 5), call('abab', 'find', '', 3, 1), call('abab', 'find', '', 4), call('abab', 'find', 'b', null, 1)], [-1, -1, 4, -1]);
  assert.deepEqual([call('abab', 'count', 'a', 1), call('abab', 'count', '', 1), call('abab', 'count', '', 3, 1), call('abab', 'index', 'b', -1)], [1, 4, 0, 3]);
  assert.throws(() => call('abab', 'index', 'a', -1), /substring not found/);
  assert.equal(call('abc', 'count', ''), 4);
  assert.deepEqual(call('db.schema.table', 'rsplit', '.', 1), ['db.schema', 'table']);
  assert.deepEqual(call('a.b', 'rsplit', '.', 5), ['a', 'b']);
  assert.deepEqual(call('a.b.c', 'rsplit', '.'), ['a', 'b', 'c']);
  assert.deepEqual(call('  a b  c ', 'rsplit', null, 1), ['  a b', 'c']);
  assert.deepEqual(call('  a b  c ', 'rsplit'), ['a', 'b', 'c']);
  assert.deepEqual(call('a\nb\r\nc\n', 'splitlines'), ['a', 'b', 'c']);
  assert.equal(call('stg_orders', 'removeprefix', 'stg_'), 'orders');
  assert.equal(call('orders_v2', 'removesuffix', '_v2'), 'orders');
  assert.equal(call('42', 'zfill', 5), '00042');
  assert.equal(call('-42', 'zfill', 5), '-0042');
  assert.equal(call('ab', 'ljust', 4, '.'), 'ab..');
  assert.equal(call('ab', 'rjust', 4), '  ab');
  assert.equal(call('a', 'center', 4, '*'), '*a**');
  assert.equal(call('ab', 'center', 5, '*'), '**ab*');
  assert.equal(call('aB', 'swapcase'), 'Ab');
  assert.deepEqual(['123', '', '1.5', '١٢'].map((s) => call(s, 'isdigit')), [true, false, false, true]);
  assert.deepEqual(['abc', 'ab1', ''].map((s) => call(s, 'isalpha')), [true, false, false]);
  assert.equal(call('ab1', 'isalnum'), true);
  assert.deepEqual(['ABC_1', 'AbC', '123'].map((s) => call(s, 'isupper')), [true, false, false]);
  assert.equal(call('abc_1', 'islower'), true);
  assert.equal(call(' \t', 'isspace'), true);
});

test("str.format's specs as Python applies them: fill and align (text left, numbers right by default), grouping, sign, percent; !r is Python's repr", () => {
  const cases: Array<[string, unknown[], string]> = [
    ['{:,}', [1234567], '1,234,567'], ['{:_}', [1000000], '1_000_000'], ['{:,.2f}', [1234.5], '1,234.50'],
    ['{:5}|', ['a'], 'a    |'], ['{:5}', [42], '   42'], ['{:>5}', ['a'], '    a'], ['{:^5}', ['ab'], ' ab  '], ['{:*^7}', ['x'], '***x***'],
    ['{:-^6}', [''], '------'], ['{:05.2f}', [3.14159], '03.14'], ['{:03d}', [7], '007'], ['{:+d}', [5], '+5'], ['{:.1%}', [0.256], '25.6%'],
    ['{:.3}', ['abcdef'], 'abc'], ['{:x}', [255], 'ff'], ['{0}-{n:03d}', ['x', { n: 7, __keywords: true }], 'x-007'],
    ['{0!r} {1!s} {0!r:>5}', ['a', 'b'], "'a' b   'a'"], ['{!r}', [[1, "it's"]], '[1, "it\'s"]'],
  ];
  for (const [template, args, expected] of cases) assert.equal(call(template, 'format', ...args), expected, template);
  assert.throws(() => call('{:%Y-%m-%d}', 'format', '2026-01-01'), /the spec ':%Y-%m-%d' is not supported/);
});
