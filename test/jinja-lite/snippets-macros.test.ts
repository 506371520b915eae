import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAll, Differential, testData, type MacroFile } from './differential-harness.js';

const FILES: MacroFile[] = [
  {
    path: 'macros/basics.sql',
    content: `{# Helpers. #}
{% macro cents_to_units(expression, scale=100) -%}
({{ expression }}) / {{ scale }}
{%- endmacro %}

{% macro normalize_amount(expression) -%}
round({{ cents_to_units(expression) }}, 2)
{%- endmacro %}

text between macros is ignored, even # and { and }

{% macro greet(name, greeting='hello', punct='!') %}{{ greeting }} {{ name }}{{ punct }}{% endmacro %}
{% macro chain(a, b=a ~ '+', c=b ~ '+') %}{{ a }}|{{ b }}|{{ c }}{% endmacro %}
{% macro uses_private(x) %}<{{ _private(x) }}>{% endmacro %}
{% macro _private(x) %}private {{ x }}{% endmacro %}
{% macro surrogate_key(columns) -%}
concat_ws('-', {% for column in columns %}cast({{ column }} as varchar){% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
{% macro with_set(x) %}{% set y = x ~ '!' %}{% if x %}{% set z = 'truthy' %}{% endif %}{{ y }}{{ z }}{% set x = 'reassigned' %}{{ x }}{% endmacro %}
{% macro sees_globals() %}{{ ref('inside') }} {{ n }} {{ target.name }} {{ var('v', 'dv') }}{% endmacro %}
{% macro kw_only(a=1, b=2) %}{{ a }},{{ b }}{% endmacro %}
{% macro mixed_params(a=1, b) %}{{ a }};{{ b }}{% endmacro %}
{% macro recurse(n) %}{% if n > 0 %}{{ n }}{{ recurse(n - 1) }}{% endif %}{% endmacro %}
{% macro empty_body() %}{% endmacro %}
{% macro loops(items) %}{% for i in items %}{{ loop.index }}:{{ i }}{% for j in items %}{{ loop.index }}{% endfor %};{% endfor %}{{ loop }}{% endmacro %}
{% macro calls_other_file() %}[{{ from_other_file() }}]{% endmacro %}
{% macro calls_unsupported() %}[{{ unsupported_one() }}]{% endmacro %}
{% macro shadows_global(ref) %}{{ ref }}{% endmacro %}
{% macro undefined_default(x=undefined_name) %}{{ x }}|{{ x == none }}{% endmacro %}
{% macro default_sees_global(x=n * 2) %}{{ x }}{% endmacro %}
{% macro duplicated() %}first{% endmacro %}
{% macro duplicated() %}second{% endmacro %}
`,
  },
  {
    path: 'macros/other.sql',
    content: `{% macro from_other_file() %}other:{{ greet('x') }}{% endmacro %}
{% macro unsupported_one() %}{% filter upper %}nope{% endfilter %}{% endmacro %}
{% macro greet(name) %}never installed: basics.sql defined greet first{% endmacro %}
`,
  },
];

const h = new Differential({ extraGlobals: testData, macroFiles: FILES });

const MACRO_CALLS = [
  "{{ cents_to_units('amount') }} {{ cents_to_units('amount', 1000) }} {{ cents_to_units('amount', scale=10) }} {{ normalize_amount('x') }}",
  "{{ greet('bob') }} {{ greet('bob', 'hi') }} {{ greet('bob', punct='?') }} {{ greet(name='amy') }} {{ greet() }} {{ greet('a', 'b', 'c') }}",
  "{{ greet(punct='.', name='z', greeting='yo') }} {{ greet('a', punct='b') }}",
  "{{ chain('x') }} {{ chain('x', 'y') }} {{ chain('x', c='z') }} {{ chain(b='q') }}",
  "{{ uses_private('p') }}",
  "{{ surrogate_key(['tx_hash', 'log_index']) }} {{ surrogate_key([]) }} {{ surrogate_key(cols) }}",
  "{{ with_set('v') }} {{ with_set('') }}",
  '{{ sees_globals() }}',
  '{{ kw_only() }} {{ kw_only(5) }} {{ kw_only(5, 6) }} {{ kw_only(b=9) }} {{ kw_only(9, b=8) }}',
  '{{ mixed_params() }} {{ mixed_params(1) }} {{ mixed_params(1, 2) }} {{ mixed_params(b=3) }}',
  '{{ recurse(3) }} {{ empty_body() }}| {{ loops(["a", "b"]) }}',
  '{{ calls_other_file() }} {{ from_other_file() }}',
  "{{ shadows_global('arg') }} {{ shadows_global() }}",
  "{{ undefined_default() }} {{ undefined_default(1) }} {{ default_sees_global() }} {{ default_sees_global(x=none) }}",
  '{{ duplicated() }}',
];

const MACRO_VALUES = [
  '{% if empty_body() %}truthy{% endif %} {{ not empty_body() }} {{ empty_body() or "fallback" }} {{ empty_body() and "and" }}',
  "{{ greet('a') == 'hello a!' }} {{ greet('a') == greet('a') }} {{ greet('a') != greet('a') }} {{ greet('a') === 'hello a!' }}",
  "{{ greet('a') ~ '|' }} {{ greet('a') + '!' }} {{ greet('a') | length }} {{ greet('a') | upper }} {{ greet('a') | first }}|{{ greet('a') | last }}|",
  "{{ greet('a') | list | length }} {{ greet('a') | string }} {{ greet('a') | trim | length }} {{ greet('a') | replace('a', 'b') }} {{ greet('a') | replace('', '-') }}",
  "{{ 'hello' in greet('a') }} {{ 'val' in greet('a') }} {{ 'length' in greet('a') }} {{ greet('a').length }} {{ greet('a').val }} {{ greet('a')[0] }}|",
  "{{ [greet('a'), greet('b')] | join(', ') }} {{ greet('a') | default('d') }} {{ (greet('5') | int) }} {{ greet('1') | float }}",
  "{% set g = greet('s') %}{{ g }} {{ g | length }}{% for x in [greet('1'), 2] %}{{ x }}{% endfor %}",
  "{{ greet('1') * 2 }} {{ 2 * greet('1') }} {{ greet('b') > greet('a') }} {{ greet('a') in [greet('a')] }}",
];

const TEMPLATE_MACROS = [
  '{% macro local(x) %}[{{ x }}]{% endmacro %}{{ local(1) }}{{ local() }}',
  "{% set top = 'T' %}{% macro sees_top() %}{{ top }}{% endmacro %}{{ sees_top() }}{% set top = 'U' %}{{ sees_top() }}",
  "{{ greet('before') }}{% macro greet(n) %}local {{ n }}{% endmacro %}{{ greet('after') }}",
  '{% macro a() %}a{{ b() }}{% endmacro %}{% macro b() %}b{% endmacro %}{{ a() }}',
  '{% macro outer() %}{{ cents_to_units("q") }}{% endmacro %}{{ outer() }}',
  '{% macro noargs() -%}\n  spaced\n{%- endmacro %}\n{{ noargs() }}\n',
  '{% macro m(x) %}{% for i in lst %}{{ x }}{{ i }}{% endfor %}{% endmacro %}{% for x in strs %}{{ m(x) }}{% endfor %}',
  '{% macro m(items, sep=", ") %}{% for i in items %}{{ i }}{{ sep if not loop.last }}{% endfor %}{% endmacro %}{{ m(cols) }} {{ m(cols, sep=" | ") }}',
  '{% macro _hidden() %}h{% endmacro %}{{ _hidden() }}',
  '{% macro m(a=b, b) %}{{ a }}/{{ b }}{% endmacro %}{{ m(1) }} {{ m(1, 2) }} {{ m(b=3) }}',
  '{% macro m(n=undefined_name, y=n) %}{{ n }}|{{ y }}{% endmacro %}{{ m() }} {{ m(5) }} {{ m(n=none) }}',
  '{% macro m(a=1, b=2) %}{{ a }},{{ b }}{% endmacro %}{{ m(5, b=7) }} {{ m(a=none) }}',
  '{% macro m(x) %}{% set x = x ~ "!" %}{% if x %}{% set x = x ~ "?" %}{% endif %}{{ x }}{% endmacro %}{{ m("a") }}',
  '{% macro m(d=1) %}{% set d = d + 1 %}{{ d }}{% endmacro %}{{ m() }} {{ m(d=10) }}',
  '{% macro m() %}{{ loop }}{% endmacro %}{% for x in lst %}{{ m() }}{% endfor %}',
  '{% macro m() %}{{ x }}{% endmacro %}{% for x in lst %}{{ m() }}{% endfor %}{% set x = "top" %}{{ m() }}',
];

test('parseLiteMacros exports what nunjucks getExported exports', () => {
  assert.deepEqual(h.brokenMacroFiles, []);
  assert.ok(h.liteEnv.macros.has('greet'));
  assert.ok(h.liteEnv.unsupportedMacros.has('unsupported_one'));
  assert.ok(!h.liteEnv.macros.has('_private'));
});

test('macro calls: positional, keyword, defaults at call time, nesting, recursion', () => {
  checkAll(MACRO_CALLS, (s) => h.same(s));
});

test('macro results behave like nunjucks SafeStrings', () => checkAll(MACRO_VALUES, (s) => h.same(s)));

test('macros defined in the template', () => checkAll(TEMPLATE_MACROS, (s) => h.same(s)));

test('a macro call Jinja rejects (an unknown keyword, too many arguments, one given twice) is left to nunjucks, which fails at it', () => {
  const cases: Array<[string, string]> = [
    ["{{ greet('a', 'b', 'c', 'd') }}", "macro 'greet' takes not more than 3 argument(s)"],
    ["{{ greet('a', nonsense=1) }}", "macro 'greet' takes no keyword argument 'nonsense'"],
    ["{{ greet('a', name='b') }}", "macro 'greet' got multiple values for argument 'name'"],
    ['{{ kw_only(5, 6, 7) }}', "macro 'kw_only' takes not more than 2 argument(s)"],
    ['{{ kw_only(9, a=8) }}', "macro 'kw_only' got multiple values for argument 'a'"],
    ['{% macro m(a=1, b=2) %}{{ a }},{{ b }}{% endmacro %}{{ m(5, 6, b=7) }}', "macro 'm' got multiple values for argument 'b'"],
    ['{% macro m(x) %}{{ x }}{% endmacro %}{{ m(1) }}{{ m(y=1) }}', "macro 'm' takes no keyword argument 'y'"],
  ];
  checkAll(cases, ([template, message]) => {
    const { lite, nunjucks } = h.compare(template);
    assert.equal(lite.kind, 'declined', template);
    assert.ok(!nunjucks.ok && nunjucks.error.includes(message), `${template}: ${nunjucks.ok ? nunjucks.output : nunjucks.error}`);
  });
});

test('macro usage is recorded as nunjucks records it (calls through the environment)', () => {
  // normalize_amount calls its sibling cents_to_units and from_other_file calls other.sql's own
  // greet: nunjucks resolves both in the defining file's context, so neither is recorded.
  const { lite } = h.compare("{{ normalize_amount('x') }}{{ calls_other_file() }}");
  assert.equal(lite.kind, 'rendered');
  if (lite.kind === 'rendered') {
    assert.deepEqual(lite.effects.usedMacros, ['calls_other_file', 'from_other_file', 'normalize_amount']);
    assert.match(lite.output, /other:never installed/);
  }
});

test('using an unsupported macro, or a macro as a value, leaves the template to nunjucks', () => {
  for (const s of ['{{ calls_unsupported() }}', '{{ unsupported_one() }}', '{{ greet }}', '{% if greet %}x{% endif %}', '{{ [greet] }}',
    '{% macro m() %}{% endmacro %}{{ m }}', '{{ fn(greet("x")) }}', "{{ config(alias=greet('x')) }}", "{{ kw(k=[greet('x')]) }}"]) {
    const { lite } = h.compare(s);
    assert.equal(lite.kind, 'declined', s);
  }
});

test("`in` a macro's output looks for the text, as Python's `in` of a string (nunjucks looked for a property: 'val' and 'length' were in it)", () => {
  assert.equal(h.same("{{ 'hello' in greet('a') }} {{ 'val' in greet('a') }} {{ 'length' in greet('a') }} {{ 'a!' in greet('a') }}"), 'True False False True');
});
