import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLiteTemplate } from '../../core/compile/jinja/lite/parse-lite-template.js';
import { checkAll, Differential, testData } from '../jinja-lite/differential-harness.js';

/**
 * The lite lexer reads `{{ name }}` and `{{ name('a', "b") }}` in one step (LiteLexer.simpleOutput).
 * Around that shape and just outside it, lite must still render exactly as nunjucks does, or decline.
 */
const h = new Differential({ extraGlobals: testData, vars: { start: '2024-01-01', flag: false } });

const RENDERED = [
  "{{ ref('orders') }}", "{{ref('orders')}}", "{{  ref  (  'orders'  )  }}", '{{ ref("orders") }}',
  "{{ ref('pkg', 'orders') }}", "{{ ref('pkg','orders') }}", "{{ source('raw', \"events\") }}",
  "{{\tref(\n'orders'\r\n)\u00a0}}", "{{ ref('') }}", "{{ ref('a b') }}", "{{ ref('}}') }}", "{{ ref('{{') }}",
  "{{ ref('it\"s') }}", '{{ ref("it\'s") }}', "{{ ref('multi\nline') }}", "{{ ref('⟦x⟧') }}",
  '{{ is_incremental() }}', '{{ is_incremental( ) }}', "{{ var('start') }}", "{{ var('missing', 'x') }}",
  '{{ s }}', '{{s}}', '{{ undefined_name }}', '{{ this }}', '{{ n }}{{ n }}', '{{ _x }}', '{{ a1 }}',
  "a {{- ref('orders') }} b", "a {{ ref('orders') -}} b", "a {{- ref('orders') -}} b", 'a {{- s }} b', 'a {{ s -}} b',
  "x\n  {{ ref('orders') }}\n  {{ source('raw', 'events') }}\ny",
  "{% for a in strs %}{{ a }}{% if not loop.last %},{% endif %}{% endfor %}",
  "{% set p = 'v' %}{{ p }}", "{% macro m(x) %}{{ x }}{% endmacro %}{{ m('y') }}",
  "{{ ref('a')}}}", "{{ s }}}", "{{ fn('a') }}", "{{ kw('a', 'b') }}", "{{ ref('a') if true }}", "{{ ref('a') | upper }}",
  "{{ ref('a').length }}", "{{ ref('a') ~ 'b' }}", "{{ s.length }}", '{{ lst[0] }}', "{{ ref('a\\'b') }}", '{{ ref("a\\nb") }}',
];

const OTHERS = [
  '{{ true }}', '{{ false }}', '{{ none }}', '{{ null }}', '{{ True }}', "{{ ref('a',) }}", "{{ ref(,'a') }}", "{{ ref('a' 'b') }}",
  "{{ ref('a') }", "{{ ref('a')", "{{ ref('a }}", '{{ ref(1) }}', "{{ ref(s) }}", "{{ ref(name='a') }}", "{{ constructor }}",
  "{{ toString() }}", "{{ hasOwnProperty('x') }}", "{{ and }}", "{{ if('a') }}", "{{ loop }}", "{{ r/x/ }}", '{{ é }}', '{{ aé }}',
  "{{ a$b }}", "{{ a.b('c') }}", "{{ s\u000b}}", "{{ ref\u000b('a') }}", "{{ ref('a')\u2028}}", "{{ 1ab }}", "{{ ref('a') - }}",
];

test('simple outputs render as nunjucks renders them', () => {
  checkAll(RENDERED, (template) => h.same(template));
});

test('shapes near the simple ones render as nunjucks does, or are declined', () => {
  checkAll(OTHERS, (template) => {
    h.compare(template);
  });
});

test('the simple shapes are parsed to the same tree as the general parser gives', () => {
  // With a filter after it the same call goes through the general parser: its tree is the filter's argument.
  const pairs: Array<[string, string]> = [
    ["{{ ref('a', 'b') }}", "{{ ref('a', 'b') | default }}"],
    ['{{ s }}', '{{ s | default }}'],
    ['{{ f() }}', '{{ f() | default }}'],
  ];
  for (const [simple, general] of pairs) {
    const fast = parseLiteTemplate(simple)!.body[0] as { k: 'output'; expr: unknown };
    const full = parseLiteTemplate(general)!.body[0] as { k: 'output'; expr: { k: 'filter'; args: unknown[] } };
    assert.deepEqual(fast.expr, full.expr.args[0], simple);
  }
});
