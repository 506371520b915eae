import { test } from 'node:test';
import { checkAll, Differential, testData } from './differential-harness.js';

const h = new Differential({ extraGlobals: testData, vars: { include_refunds: false, cols: ['a', 'b'] } });

const IFS = [
  '{% if t %}T{% endif %}{% if no %}F{% endif %}',
  '{% if no %}a{% else %}b{% endif %}',
  '{% if no %}a{% elif t %}b{% else %}c{% endif %}',
  '{% if no %}a{% elif z %}b{% elseif n == 3 %}c{% else %}d{% endif %}',
  '{% if no %}a{% elif z %}b{% elif e %}c{% endif %}|',
  "{% if '' %}1{% endif %}{% if 0 %}2{% endif %}{% if [] %}3{% endif %}{% if {} %}4{% endif %}{% if undefined_name %}5{% endif %}{% if none %}6{% endif %}{% if ' ' %}7{% endif %}{% if '0' %}8{% endif %}",
  '{% if empty %}E{% endif %}{% if emptyObj %}O{% endif %}{% if e %}S{% endif %}{% if z %}Z{% endif %}{% if nul %}N{% endif %}',
  '{% if t %}{% if no %}a{% else %}{% if n > 1 %}b{% endif %}{% endif %}{% endif %}',
  "{% if not var('include_refunds', false) %}\nwhere amount >= 0\n{% endif %}",
  '{% if is_incremental() %}\nwhere x > (select max(x) from {{ this }})\n{% endif %}',
  '{% if 1 in lst and s %}yes{% endif %}',
  '{% if n is_not_a_test %}x{% endif %}'.replace('is_not_a_test', '> 1'),
];

const FORS = [
  '{% for x in lst %}{{ x }}{% endfor %}',
  '{% for x in empty %}{{ x }}{% endfor %}|{% for x in undefined_name %}{{ x }}{% endfor %}|{% for x in nul %}x{% endfor %}|{% for x in e %}x{% endfor %}',
  '{% for x in lst %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }};{% endfor %}',
  '{% for x in lst %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }}{{ loop.depth }}{{ loop.depth0 }};{% endfor %}{% for k, v in pairs %}{{ loop.previtem }};{% endfor %}',
  "{% for c in cols %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}",
  "{% for a, b in pairs %}{{ a }}={{ b }}{{ ',' if not loop.last }}{% endfor %}",
  '{% for a, b, c in [[1, 2, 3], [4, 5]] %}{{ a }}{{ b }}{{ c }}|{% endfor %}',
  '{% for a, b in ["xy", "z"] %}{{ a }}{{ b }}|{% endfor %}',
  '{% for x in lst %}{% for y in strs %}{{ x }}{{ y }}{{ loop.index }}/{{ loop.length }} {% endfor %}{{ loop.index }};{% endfor %}',
  '{% for x in lst %}{% for x in strs %}{{ x }}{% endfor %}{{ x }}{% endfor %}',
  '{% for x in [1, 2] %}{% for y in [loop.index, 9] %}{{ y }}{% endfor %}{% endfor %}',
  '{% for p in people %}{{ p.name }}:{{ p["age"] }} {% endfor %}',
  '{% for x in lst %}{{ loop }}{% endfor %}',
  // Outside a loop `loop` is undefined: printed, nothing (`loop.index` raises: snippets-undefined.test.ts).
  '{{ loop }}|{% for x in lst %}{% endfor %}{{ loop }}',
  '{% for s in strs %}{{ s }}{% endfor %}{{ s }}',
  '{% for x in mixed %}[{{ x }}]{% endfor %}',
  '{% for i in range(3) %}{{ i }}{% endfor %}{% for i in range(2, 0, -1) %}{{ i }}{% endfor %}',
  "{% for c in var('cols') %}{{ c }}{% endfor %}",
  '{% for x in lst %}{% if loop.first %}first{% elif loop.last %}last{% else %}mid{% endif %} {% endfor %}',
];

const SETS = [
  '{% set x = 1 %}{{ x }}',
  '{% set x = lst | length %}{% set y = x * 2 %}{{ x }} {{ y }}',
  '{% set upstream = ["p0", "p1"] %}{% for a in upstream %}coalesce({{ a }}.amount, 0){% if not loop.last %} + {% endif %}{% endfor %}',
  '{% if t %}{% set x = "in-if" %}{% endif %}{{ x }}',
  '{% if no %}{% set x = "never" %}{% endif %}{{ x }}|',
  '{% set x = 1 %}{% set x = x + 1 %}{{ x }}',
  '{% set ref = undefined_name %}{{ ref }}|',
  '{% set n = 10 %}{{ n }}',
  "{% set s = 'shadow' %}{% for c in strs %}{{ s }}{% endfor %}",
  '{% set loop = "top" %}{{ loop }}{% for x in lst %}{{ loop.index }}{% endfor %}{{ loop }}',
  '{% set x = none %}{{ x }}|{{ x is_not_a_test }}'.replace(' is_not_a_test', ''),
  '{% set cfg = {"a": [1, 2]} %}{{ cfg.a[1] }}',
  "{{ config(materialized='view') }}{% set m = 'x' %}{{ m }}",
];

test('if / elif / elseif / else, truthiness of empty values', () => checkAll(IFS, (s) => h.same(s)));
test('for loops over arrays, unpacking, loop variables, nesting and scoping', () => checkAll(FORS, (s) => h.same(s)));
test('set at the top level and inside if', () => checkAll(SETS, (s) => h.same(s)));
test('incremental and not incremental', () => {
  checkAll([false, true], (incremental) => h.same('{% if is_incremental() %}inc{% else %}full{% endif %} {{ is_incremental() }}', incremental));
});
