import { test } from 'node:test';
import { checkAll, Differential, testData } from './differential-harness.js';

const h = new Differential({
  extraGlobals: testData,
  macroFiles: [{
    path: 'macros/m.sql',
    content: '{% macro first_long(xs) %}{% set ns = namespace(hit=none) %}{% for x in xs %}{% if not ns.hit and (x | length) > 1 %}'
      + '{% set ns.hit = x %}{% endif %}{% endfor %}{{ ns.hit }}{% endmacro %}',
  }],
});

/** Templates the lite path renders: byte-identical to nunjucks. */
const RENDERED = [
  '{% set ns = namespace(found=false) %}{% for x in [1, 2] %}{% if x == 2 %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}',
  '{% set ns = namespace(n=0) %}{% for x in [1, 2, 3] %}{% for y in [1, 2] %}{% set ns.n = ns.n + x * y %}{% endfor %}{% endfor %}{{ ns.n }}',
  "{% set ns = namespace() %}{{ ns.missing }}|{% set ns.a = ref('orders') %}{{ ns.a }}|{{ ns }}",
  "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}{% set ns.a = 'x' %}{{ ns.a }}",
  "{{ first_long(['a', 'bc', 'de']) }}|{{ first_long([]) }}",
  '{% macro count(xs) %}{% set ns = namespace(n=0) %}{% for x in xs %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}{% endmacro %}{{ count([1, 2, 3]) }}',
];

/** Templates lite declines or nunjucks rejects: both must agree whenever lite renders. */
const OTHERS = [
  '{% set d = {} %}{% set d.x = 1 %}{{ d.x }}',
  '{% set ns = namespace() %}{% set ns.a.b = 1 %}',
  "{% set ns = namespace() %}{% set ns['a'] = 1 %}{{ ns.a }}",
  '{% set ns = namespace() %}{% set ns.a %}captured{% endset %}{{ ns.a }}',
  '{% set ns = namespace() %}{% set ns.constructor = 1 %}',
  '{% set ns.a = 1 %}',
];

test("namespace() attributes set inside loops render on the fast path as nunjucks renders them", () => {
  checkAll(RENDERED, (template) => h.same(template));
});

test('other attribute targets are declined or agree with nunjucks', () => {
  checkAll(OTHERS, (template) => {
    h.compare(template);
  });
});
