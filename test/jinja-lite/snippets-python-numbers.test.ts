import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Differential, testData } from './differential-harness.js';

/** Each expected text is what Jinja2 3.1 (Python) renders for the template; both paths must render it. */
const h = new Differential({ extraGlobals: testData });

test("a float prints as Python's, also with no fraction (3.0, 1000.0), on both paths", () => {
  assert.equal(h.same('{{ 3 | float }}|{{ 1e3 }}|{{ 1.5e-3 }}|{{ 2.5E+2 }}|{{ 10.0 }}|{{ -0.0 }}|{{ 1e16 }}|{{ 1e15 }}|{{ 0.00001 }}|{{ 0.0001 }}'),
    '3.0|1000.0|0.0015|250.0|10.0|-0.0|1e+16|1000000000000000.0|1e-05|0.0001');
  assert.equal(h.same('{{ 4 / 2 }}|{{ 7 / 2 }}|{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7.0 // 2 }}|{{ 2 ** 10 }}|{{ 2 ** -1 }}|{{ -2 ** 2 }}|{{ 2.0 ** 2 }}|{{ 7 % 2.0 }}'),
    '2.0|3.5|3|-4|3.0|1024|0.5|4|4.0|1.0');
  assert.equal(h.same('{{ 0.1 + 0.2 }}|{{ 1.5 + 1.5 }}|{{ 3 - 1.0 }}|{{ 2 * 1.5 }}|{{ 12345678901234567890 }}|{{ 2 ** 64 }}|{{ 1_000 }}|{{ 10 | float / 4 }}'),
    '0.30000000000000004|3.0|2.0|3.0|12345678901234567890|18446744073709551616|1000|2.5');
  assert.equal(h.same('{{ 3.0 == 3 }}|{{ 3.0 == 3.0 }}|{{ 3.0 > 2 }}|{{ 0.0 if 0.0 else "falsy" }}|{{ not 0.0 }}|{{ 3.0 | int }}|{{ "3.0" | float }}|{{ [1.0, 2] }}|{{ {"a": 1.0} }}'),
    "True|True|True|falsy|True|3|3.0|[1.0, 2]|{'a': 1.0}");
});

test("Jinja's precedence of arithmetic: + and - one level, * / // % the next, left to right", () => {
  assert.equal(h.same('{{ 3 * 5 // 2 }}|{{ 10 * 4 % 3 }}|{{ 7 // 2 % 3 }}|{{ 2 * 6 / 3 }}|{{ 1 + 2 * 3 - 4 / 2 }}|{{ 0.1 + 0.2 - 0.3 }}|{{ 2 ** 3 ** 2 }}'),
    '7|1|0|4.0|5.0|5.551115123125783e-17|64');
});

test("%-formatting and format() as Python's: %e, halves rounded to even, str of the values", () => {
  assert.equal(h.same("{{ '%e' % 12345.678 }}|{{ '%.2e' % 0.000123 }}|{{ '%E' % 1.5 }}|{{ '%5.1f' % 2.25 }}|{{ '%.0f' % 2.5 }}|{{ '%.0f' % 3.5 }}|{{ '%.2f' % 2.675 }}|{{ '%.1f' % -0.25 }}"),
    '1.234568e+04|1.23e-04|1.500000E+00|  2.2|2|4|2.67|-0.2');
  assert.equal(h.same("{{ '%s' % 3.0 }}|{{ '%d' % 3.7 }}|{{ '{}'.format(1.0) }}|{{ '{:.2f}'.format(2.675) }}|{{ '{:e}'.format(1234.5) }}|{{ '{:.1%}'.format(0.25) }}"),
    '3.0|3|1.0|2.67|1.234500e+03|25.0%');
  assert.equal(h.same("{{ '{:g}'.format(0.00001) }} {{ '{:g}'.format(123456789) }} {{ '{:.3g}'.format(3.14159) }} {{ '%g' % 100000 }} {{ '%G' % 1e-10 }} {{ '%.2g' % 0.000123 }} {{ '%g' % 0 }}"),
    '1e-05 1.23457e+08 3.14 100000 1E-10 0.00012 0');
  assert.equal(h.same("{{ '{:>6}|'.format(1.0) }} {{ '{:X}'.format(255) }} {{ '{:o}'.format(8) }} {{ '{:b}'.format(5) }} {{ '% d' % 5 }} {{ '%+.1f' % 2.25 }} {{ '%+d' % 5 }} {{ '%o' % 8 }} {{ '%X' % 255 }}"),
    '   1.0| FF 10 101  5 +2.2 +5 10 FF');
});

test("filters keep Python's numbers: round, abs, sum, join, string, tojson (nunjucks renders them)", () => {
  const cases: Array<[string, string]> = [
    ["{{ 3 | round }}|{{ 2.5 | round }}|{{ 2.567 | round(2) }}|{{ 2.5 | round(method='floor') }}|{{ (10 / 4) | int }}|{{ -3.0 | abs }}|{{ -3 | abs }}", '3|2.0|2.57|2.0|2|3.0|3'],
    ["{{ [1.5, 1.5] | sum }}|{{ [1, 2] | sum }}|{{ [1.0, 2] | join(',') }}|{{ [1, none, true] | join(',') }}|{{ 1.0 | string }}|{{ none | string }}", '3.0|3|1.0,2|1,None,True|1.0|None'],
    ["{{ 3.0 | tojson }}|{{ {'a': 2.0, 'b': 0.00001} | tojson }}|{{ [0.5, 1.0] | max }}|{{ [2.0, 1.0] | sort }}|{{ {'b': 1, 'a': 2} | list }}", '3.0|{"a": 2.0, "b": 1e-05}|1.0|[1.0, 2.0]|[\'b\', \'a\']'],
  ];
  for (const [template, expected] of cases) assert.deepEqual(h.renderNunjucks(template), h.renderNunjucks(expected), template);
});

test('division and modulo by zero fail as in Python, and lite leaves them to nunjucks', () => {
  for (const [template, message] of [['{{ 1 / 0 }}', 'division by zero'], ['{{ 5 // 0 }}', 'integer division or modulo by zero'], ['{{ 5 % 0 }}', 'integer modulo by zero']]) {
    const { nunjucks, lite } = h.compare(template!);
    assert.equal(lite.kind, 'declined', template);
    assert.ok(!nunjucks.ok && nunjucks.error.includes(message!), nunjucks.ok ? nunjucks.output : nunjucks.error);
  }
});

test("== and != compare lists and dicts by their items, as Jinja does (JavaScript compared the objects: cols == [] was never true)", () => {
  assert.equal(h.same("{{ [1] == [1.0] }} {{ [] == [] }} {{ {'a': [1]} == {'a': [1]} }} {{ [1, 2] != [1, 2] }} {{ [1] == [2] }} {{ {'a': 1} == {'b': 1} }} {{ 3.0 == 3 }} {{ none == none }}"),
    'True True True False False False True True');
  assert.equal(h.same('{% set cols = [] %}{% if cols == [] %}empty{% endif %}{% if cols != [] %}not{% endif %}|{{ -1 == -1 }} {{ not 1 == 2 }}'), 'empty|True True');
});

test("integer arithmetic past 2^53 is exact, as Python's ints (2 ** 53 + 1 was 9007199254740992)", () => {
  assert.equal(h.same('{{ 2 ** 53 + 1 }}|{{ 2 ** 60 * 3 }}|{{ 12345678901234567 * 10 }}|{{ 2 ** 64 - 1 }}|{{ 10 ** 22 + 1 }}|{{ -(2 ** 63) - 1 }}|{{ 2 ** 53 + 1.0 }}|{{ [2 ** 70] }}|{{ 99999999999999999999 + 1 }}'),
    '9007199254740993|3458764513820540928|123456789012345670|18446744073709551615|10000000000000000000001|-9223372036854775809|9007199254740992.0|[1180591620717411303424]|100000000000000000000');
  assert.equal(h.same('{{ (2 ** 53 + 1) | string }}|{{ (2 ** 53 + 1) * 1 }}|{{ 3 * (2 ** 53 + 1) }}|{{ 2 ** 200 }}'),
    '9007199254740993|9007199254740993|27021597764222979|1606938044258990275541962092341162602522202993782792835301376');
});
