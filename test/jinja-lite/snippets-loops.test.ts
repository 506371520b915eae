import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAll, Differential, testData } from './differential-harness.js';

/*
 * Jinja2's for loops: a `{% set %}` in the body is the pass's own (nunjucks-loop-scopes.ts), loop filters
 * (nunjucks-loop-filters.ts), and loop attributes. Each expected text is what Jinja2 3.1.6 (Python) renders for
 * the template with the harness's test data (lst = [1, 2, 3], pairs, empty), pasted here. Lite declines sets in
 * loops and loop filters; compare() checks its output wherever it renders.
 */
const h = new Differential({ extraGlobals: testData });

const SCOPING: Array<[string, string]> = [
  ["{% set x = 0 %}{% for i in lst %}{{ x }}{% set x = i %}{{ x }};{% endfor %}{{ x }}", "01;02;03;0"],
  ["{% for i in lst %}{{ x }}{% set x = i %}{{ x }};{% endfor %}[{{ x }}]", "1;2;3;[]"],
  ["{% set x = 0 %}{% for i in lst %}{% set x = x + i %}{{ x }};{% endfor %}{{ x }}", "1;2;3;0"],
  ["{% set x = 0 %}{% for i in lst %}{% for j in lst %}{% set x = i * 10 + j %}{% endfor %}{{ x }};{% endfor %}{{ x }}", "0;0;0;0"],
  ["{% set x = 0 %}{% for i in lst %}{% set x = x + i %}{% for j in [1] %}{{ x }}{% set x = 100 %}{{ x }}{% endfor %}{{ x }};{% endfor %}{{ x }}", "11001;21002;31003;0"],
  ["{% set x = 7 %}{% for i in lst %}{{ x }}{% if i == 1 %}{% set x = 1 %}{% endif %};{% endfor %}{{ x }}", "7;7;7;7"],
  ["{% set x = 0 %}{% for i in lst %}{% if i == 2 %}{{ x }}{% set x = 5 %}{% endif %}{{ x }};{% endfor %}", "0;05;0;"],
  ["{% macro m(i) %}{% set x = i %}{{ x }}{% endmacro %}{% set x = 0 %}{% for i in lst %}{{ m(i) }}{{ x }};{% endfor %}{{ x }}", "10;20;30;0"],
  ["{% set x = 0 %}{% for i in lst %}{% set x %}b{{ i }}{% endset %}{{ x }};{% endfor %}{{ x }}", "b1;b2;b3;0"],
  ["{% macro m() %}{% set x = 0 %}{% for i in lst %}{% set x = i %}{{ x }}{% endfor %}{{ x }}{% endmacro %}{{ m() }}", "1230"],
  ["{% macro m(x) %}{% for i in lst %}{{ x }}{% set x = i %}{{ x }};{% endfor %}{{ x }}{% endmacro %}{{ m(0) }}", "01;02;03;0"],
  ["{% set ns = namespace(x=0) %}{% for i in lst %}{% set ns.x = ns.x + i %}{% endfor %}{{ ns.x }}", "6"],
  ["{% for i in lst %}{% set i = i * 10 %}{{ i }}{% endfor %}", "102030"],
  ["{% set x = 0 %}{% for i in lst %}{% set y = x + i %}{% set x = y %}{% endfor %}{{ x }}[{{ y }}]", "0[]"],
  ["{% set x = 0 %}{% for i in empty %}{% else %}{% set x = 9 %}{{ x }}{% endfor %}[{{ x }}]", "9[0]"],
  ["{% set x = 0 %}{% for i in empty %}{% set x = 1 %}{% else %}{{ x }}{% endfor %}[{{ x }}]", "0[0]"],
  ["{% set x = 0 %}{% for k, v in pairs %}{% set x = v %}{{ x }}{% endfor %}{{ x }}", "1230"],
  ["{% set x = none %}{% for i in lst %}{{ x }}{% set x = i %}{% endfor %}{{ x }}", "NoneNoneNoneNone"],
  ["{% for i in lst %}{% set a, b = i, i * 2 %}{{ a }}{{ b }};{% endfor %}[{{ a }}{{ b }}]", "12;24;36;[]"],
];
const FILTERS: Array<[string, string]> = [
  ["{% for i in lst if i > 1 %}{{ loop.index }}/{{ loop.length }}/{{ loop.first }}/{{ loop.last }}/{{ loop.revindex }}/{{ loop.revindex0 }}/{{ loop.index0 }}/{{ loop.previtem }}/{{ loop.nextitem }};{% endfor %}", "1/2/True/False/2/1/0//3;2/2/False/True/1/0/1/2/;"],
  ["{% for i in lst if i > 5 %}{{ i }}{% else %}none{% endfor %}", "none"],
  ["{% for i in lst if i %}{{ i }}{% else %}none{% endfor %}", "123"],
  ["{% for k, v in {'a': 1, 'b': 0, 'c': 2}.items() if v %}{{ k }}={{ v }}{{ loop.index }}{% endfor %}", "a=11c=22"],
  ["{% for k in {'a': 1, 'b': 0, 'c': 2} if k != 'b' %}{{ k }}{% endfor %}", "ac"],
  ["{% for a, b in pairs if b != 2 %}{{ a }}{{ loop.length }}{% endfor %}", "a2c2"],
  ["{% for i in lst if i is odd %}{{ loop.cycle('a', 'b') }}{{ loop.changed(i) }}{{ loop.depth }}{{ loop.depth0 }}{% endfor %}", "aTrue10bTrue10"],
  ["{% for i in lst if (i if i > 1 else 0) %}{{ i }}{% endfor %}", "23"],
  ["{% for i in lst if i > 1 if true %}{{ i }}{% endfor %}", "23"],
  ["{% for i in (lst if true else empty) if i > 1 %}{{ i }}{% endfor %}", "23"],
  ["{% set y = 1 %}{% for i in lst if i > y %}{% set y = i %}{{ i }}{{ y }};{% endfor %}{{ y }}", "22;33;1"],
  ["{% for i in [1, 2] %}{% for j in lst if loop.index > 1 %}{{ i }}{{ j }};{% endfor %}{% endfor %}", "21;22;23;"],
  ["{% for i in 'ab' if i != 'a' %}{{ i }}{% endfor %}", "b"],
  ["{% for i in lst if i > 1 and i < 3 or i == 1 %}{{ i }}{% endfor %}", "12"],
  ["{% for i in lst | reverse if i != 2 %}{{ i }}{% endfor %}", "31"],
  ["{% for i in lst if not i == 2 %}{{ i }}{% endfor %}", "13"],
  ["{% for i in range(5) if i % 2 == 0 %}{{ i }}{% endfor %}", "024"],
  ["{% macro m(xs, t) %}{% for x in xs if x != t %}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}{% endmacro %}{{ m(lst, 2) }}", "1,3"],
  ["{% set ns = namespace(n=0) %}{% for i in lst if i > 1 %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}", "5"],
];
const ATTRIBUTES: Array<[string, string]> = [
  ["{% for i in lst %}{{ loop.cycle('a', 'b') }}{{ loop.changed(i // 2) }}{{ loop.depth }}{{ loop.depth0 }}{{ loop.previtem }}{{ loop.nextitem }};{% endfor %}", "aTrue102;bTrue1013;aFalse102;"],
  ["{% for i in [1, 2] %}{% for j in [3] %}{{ loop.depth }}{{ loop.cycle('x') }}{% endfor %}{% endfor %}", "1x1x"],
];

const renders = ([template, expected]: [string, string]) => {
  const { nunjucks } = h.compare(template);
  assert.equal(nunjucks.ok ? nunjucks.output : nunjucks.error, expected, template);
};

test("a {% set %} in a for loop's body lasts until the pass ends: the next pass and the template after the loop see the value from outside", () => {
  checkAll(SCOPING, renders);
});

test("a loop filter keeps the items its condition holds for: loop.index, length, first, last, previtem ... count those; else runs when none is kept", () => {
  checkAll(FILTERS, renders);
  checkAll(['{% for x in lst if x > 1 %}{{ x }}{% endfor %}', '{% for a, b in pairs if b %}{% endfor %}'], (template) => {
    assert.equal(h.renderLite(template).kind, 'declined', template);
  });
});

test("for iterable and loop filter are read as Jinja reads them: an inline if with else after the iterable is a syntax error", () => {
  const outcome = h.renderNunjucks('{% for x in lst if x else empty %}{{ x }}{% endfor %}');
  assert.ok(!outcome.ok && outcome.error.includes('[Line 1, Column 22]') && outcome.error.includes("a for loop's iterable cannot be an inline if"),
    outcome.ok ? outcome.output : outcome.error);
});

test('loop.cycle(), loop.changed(), loop.depth, loop.previtem and loop.nextitem are Jinja2\'s', () => {
  checkAll(ATTRIBUTES, renders);
});
