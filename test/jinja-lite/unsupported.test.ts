import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiteUnsupported } from '../../core/compile/jinja/lite/lite-unsupported.js';
import { parseLiteMacros } from '../../core/compile/jinja/lite/parse-lite-macros.js';
import { parseLiteTemplate } from '../../core/compile/jinja/lite/parse-lite-template.js';
import { renderLiteTemplate } from '../../core/compile/jinja/lite/render-lite-template.js';
import { checkAll, Differential, testData } from './differential-harness.js';

const h = new Differential({ extraGlobals: testData });

/** Outside the subset (valid nunjucks or not): parseLiteTemplate returns undefined. */
const PARSE_DECLINES = [
  // tags
  '{% raw %}{{ x }}{% endraw %}', '{% verbatim %}x{% endverbatim %}', '{% call m() %}x{% endcall %}', '{% filter upper %}x{% endfilter %}',
  "{% include 'x.sql' %}", "{% import 'm.sql' as m %}", "{% from 'm.sql' import m %}", "{% extends 'base.sql' %}", '{% block b %}x{% endblock %}',
  '{% set x %}captured{% endset %}', '{% set a, b = 1 %}', '{% set x.y.z = 1 %}', '{% set x["y"] = 1 %}', '{% for x in lst %}{% set y = x %}{% endfor %}',
  '{% for x in lst %}{% if t %}{% set y = x %}{% endif %}{% endfor %}', '{% for x in lst %}x{% else %}empty{% endfor %}',
  '{% for x in lst if x > 1 %}{{ x }}{% endfor %}', '{% for a, b in pairs if b %}{{ a }}{% endfor %}', '{% for x in (lst if t else strs) if x %}{% endfor %}',
  '{% for loop in lst %}{% endfor %}', '{% for a, a in pairs %}{% endfor %}', '{% for x.y in lst %}{% endfor %}', '{% switch n %}{% case 3 %}x{% endswitch %}',
  '{% if t %}{% macro m() %}{% endmacro %}{% endif %}', '{% macro m() %}{% macro n() %}{% endmacro %}{% endmacro %}',
  '{% set m = 1 %}{% macro m() %}{% endmacro %}', '{% macro m(caller) %}{% endmacro %}', '{% macro m() %}{{ caller() }}{% endmacro %}',
  '{% macro m() %}{{ varargs }}{% endmacro %}', '{% macro m() %}{{ kwargs }}{% endmacro %}', '{% macro m(a, a) %}{% endmacro %}',
  '{% macro m((a)) %}{% endmacro %}', '{% macro m(1) %}{% endmacro %}', '{{ m(caller=1) }}', '{% asyncEach x in lst %}{% endeach %}',
  '{% ifAsync t %}x{% endif %}', '{% do x %}', '{% %}', '{%  %}', '{% with a = 1 %}{{ a }}{% endwith %}',
  // expressions
  '{{ x is defined }}', '{{ x is not none }}', "{{ r/ab+c/g }}", '{{ x | title }}', '{{ x | escape }}', '{{ x | safe }}', '{{ x | sort }}',
  '{{ x | default(boolean=true) }}', '{{ lst | count }}', '{{ obj | pprint }}', '{% set count = 1 %}{{ s | count }}', '{{ x | my.filter }}', "{{ x | join(',')[0] }}", "{{ x | join(',').y }}",
  '{{ f((a)=1) }}', '{{ f(a.b=1) }}', "{{ f('a'=1) }}", '{{ {1: 2} }}', '{{ {(a): 1} }}', "{{ {'__proto__': 1} }}", '{{ x.__proto__ }}',
  '{{ x.constructor }}', '{{ toString }}', '{{ hasOwnProperty("x") }}', '{{ kwargs }}', '{{ caller }}', '{{ a$b }}', '{{ 1abc }}',
  '{{ x[1)] }}', '{{ [1, 2) }}', '{{ x[] }}', '{{ x[1, 2] }}', '{{ obj.hasOwnProperty }}',
];

/** What nunjucks itself rejects: lite must decline too (never render something nunjucks errors on). */
const NUNJUCKS_ERRORS = [
  '{{ }}', '{{ 1 +}}', '{{ f(a,, ) }}', '{{ [1, 2,,] }}', '{{ {"a": 1,,} }}', '{{ [,] }}', '{{ a not b }}', '{{ a b }}',
  '{{ x if y else z if w }}', '{% if t %}', '{% if t %}{% endfor %}', '{% for x in lst %}', '{% for x lst %}{% endfor %}', '{% endif %}',
  '{% if t %}{% else if no %}{% endif %}', '{% if t %}x{% endif extra %}', '{{ a %}', '{% if t }}x{% endif %}', '{{ 1.foo }}', "{{ 'unterminated }}",
  '{{ a = 1 }}', '{{ !a }}', '{% macro m %}{% endmacro %}', '{% macro m() %}', '{% set x = %}', '{{ x.1 }}', '{{ x. }}',
  '{% for x, 1 in lst %}{% endfor %}', '{{ 1 | }}', '{% macro m() %}{% endmacro x %}', '{{ f(a=1=2) }}',
  '{{ x[1] [2 }}', 'a #} b', '{# unterminated', '{{ {} {} }}', '{% for x in lst if t else strs %}{% endfor %}',
];

/** Parsed by lite, but rendering needs nunjucks: renderLiteTemplate throws LiteUnsupported. */
const RENDER_DECLINES = [
  '{{ undefined_fn() }}', '{{ s() }}', '{{ nul.x() }}', '{{ obj.a() }}', '{{ lst.push(4) }}', '{{ fn }}', '{{ obj["hasOwnProperty"] }}',
  '{{ s.toUpperCase }}', '{% for k in obj %}{{ k }}{% endfor %}', '{% for c in s %}{{ c }}{% endfor %}', '{% for x in n %}{% endfor %}',
  '{% for a, b in [none] %}{% endfor %}', '{{ 1 in n }}', '{{ "a" in nul }}', '{{ n | upper }}', '{{ n | length }}', '{{ nul | length }}', '{{ lst | trim }}', '{{ s | join }}',
  '{{ fn | string }}', '{{ undefined_name | first }}', '{{ 5 | list }}', '{{ cycler(1, 2) }}', '{{ joiner() }}',
  '{{ lst[obj] }}', '{{ obj["toString"] }}', '{{ people | join(",", "constructor") }}', '{{ range(1000000) | length }}',
  "{% for x in lst %}{{ loop.cycle('odd', 'even') }}{% endfor %}",
];

test('constructs outside the subset are declined at parse time', () => {
  checkAll(PARSE_DECLINES, (s) => assert.equal(parseLiteTemplate(s), undefined, s));
});

test('templates nunjucks rejects are never rendered by lite', () => {
  checkAll(NUNJUCKS_ERRORS, (s) => {
    assert.equal(h.renderNunjucks(s).ok, false, `nunjucks accepted ${s}`);
    assert.equal(h.renderLite(s).kind, 'declined', s);
  });
});

test('run-time declines throw LiteUnsupported (and nunjucks gets the last word)', () => {
  checkAll(RENDER_DECLINES, (s) => {
    assert.notEqual(parseLiteTemplate(s), undefined, `expected ${s} to parse`);
    const { lite } = h.compare(s);
    assert.equal(lite.kind, 'declined', s);
    assert.equal((lite as { stage: string }).stage, 'render', s);
  });
});

test('errors thrown by host functions surface as LiteUnsupported with the cause', () => {
  const template = parseLiteTemplate("a {{ boom('x') }} b")!;
  const boom = new Error('boom');
  const env = { globals: { boom: () => { throw boom; } }, macros: new Map(), unsupportedMacros: new Set<string>() };
  assert.throws(() => renderLiteTemplate(template, env), (error: unknown) => error instanceof LiteUnsupported && error.cause === boom);
});

test('an unsupported macro in the environment throws LiteUnsupported when used', () => {
  const template = parseLiteTemplate("{{ 'ok' }}{% if t %}{{ legacy() }}{% endif %}")!;
  const env = { globals: { t: true }, macros: new Map(), unsupportedMacros: new Set(['legacy']) };
  assert.throws(() => renderLiteTemplate(template, env), LiteUnsupported);
  assert.equal(renderLiteTemplate(template, { ...env, globals: { t: false } }), 'ok');
});

test('parseLiteMacros: top-level macros only; unsupported macros are skipped and reported; private ones are not exported', () => {
  const file = `{# c #}
{% macro a(x) %}{{ x }}{% endmacro %}
{% macro b() %}{% filter upper %}{{ r/x/ }}{% endfilter %}{% endmacro %}
{% macro _p() %}{% call a() %}{% endcall %}{% endmacro %}
{% macro c(y='{% endmacro %}') %}{{ y }}{% endmacro %}
{% macro d() %}{% if t %}x{% endif %}{{ y is defined }}{% endmacro %}`;
  const parsed = parseLiteMacros(file)!;
  assert.deepEqual(parsed.macros.map((m) => m.name), ['a', 'c']);
  assert.deepEqual(parsed.unsupported, ['b', 'd']);
  for (const whole of [
    '{{ top_level_output }}{% macro a() %}{% endmacro %}',
    '{% set top = 1 %}{% macro a() %}{% endmacro %}',
    '{% if t %}{% macro a() %}{% endmacro %}{% endif %}',
    '{% macro a() %}{% filter upper %}{% macro nested() %}{% endmacro %}{% endfilter %}{% endmacro %}',
    "{% macro a() %}{% raw %}{% endmacro %}{% endraw %}{% endmacro %}",
    "{% macro a() %}{% import 'x' as y %}{% endmacro %}",
    '{% macro a() %}never closed',
    '{% macro a() %}{% filter upper %}never closed',
    'text #} then',
    '{% macro 1() %}{% endmacro %}',
  ]) {
    assert.equal(parseLiteMacros(whole), undefined, whole);
  }
  assert.deepEqual(parseLiteMacros('no macros at all'), { macros: [], unsupported: [] });
});
