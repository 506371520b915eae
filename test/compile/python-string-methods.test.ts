import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pythonStringMethod } from '../../core/compile/jinja/python-string-methods.js';

const call = (s: string, name: string, ...args: unknown[]) => pythonStringMethod(s, name)!(...args);

test("Python's string methods with Python's meaning (the values Python 3 gives)", () => {
  assert.equal(call('Stg_Orders', 'upper'), 'STG_ORDERS');
  assert.equal(call('Stg_Orders', 'lower'), 'stg_orders');
  assert.equal(call('  x \n', 'strip'), 'x');
  assert.equal(call('xxaxx', 'strip', 'x'), 'a');
  assert.equal(call('  x  ', 'lstrip'), 'x  ');
  assert.equal(call('  x  ', 'rstrip'), '  x');
  assert.equal(call('stg_orders', 'startswith', 'stg_'), true);
  assert.equal(call('stg_orders', 'startswith', ['int_', 'stg_']), true, 'a tuple of prefixes');
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
  assert.equal(pythonStringMethod('x', 'zfill'), undefined);
  assert.equal(pythonStringMethod('x', 'constructor'), undefined);
});
