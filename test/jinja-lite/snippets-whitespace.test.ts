import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAll, Differential, testData } from './differential-harness.js';

const h = new Differential({ extraGlobals: testData });

const TEXT = [
  '',
  'plain text',
  'select 1\nfrom t\n',
  'a { b } c {x} #notacomment # } {',
  'ends with a brace {',
  'ends with {#}#}',
  '{{ "{{" }} and {{ "}}" }} and {{ "%}" }} and {{ "#}" }}',
  'unicode ⟦ref:x⟧ é 中文 \u2028 \ufeff',
  '{# a comment #}',
  '{# multi\nline {{ not code }} {% neither %} #}after',
  '{##}',
  'a{#}#}b',
  'before {# {# nested-looking #} after',
];

const WHITESPACE = [
  'a   {{- 1 -}}   b',
  'a \n\n {{- 1 }} \n b',
  'a {{ 1 -}} \n\n b',
  'a\r\n\r\n{{- 1 -}}\r\n\r\nb',
  'a\t\t{{- 1 -}}\t\tb',
  'a \u00a0 {{- 1 -}} \u00a0 b',
  'a \u2003\u3000\ufeff {{- 1 -}} \u2028\u2029\u000b\u000c b',
  'a   {%- if true %}   x   {% endif -%}   b',
  'a   {%- if true -%}   x   {%- endif -%}   b',
  'a \n {%- if false -%} x {%- else -%} \n y \n {%- endif -%} \n b',
  'a \n {#- comment -#} \n b',
  'a \n {#- comment #} \n b',
  'a \n {# comment -#} \n b',
  'a \n {#-#} \n b',
  'a \n {#--#} \n b',
  '{%- if true -%}\n\n\tx\n\n{%- endif -%}',
  '  {{- "x" -}}  ',
  '{{- 1 -}}{{- 2 -}}',
  'a {%- set x = 1 -%} b {{- x -}} c',
  '{% for i in lst -%}\n  {{ i }}\n{%- endfor %}',
  '{% for i in lst %}\n  {{- i -}}\n{% endfor %}',
  '{% for i in lst -%}  {{ i }}  {%- if not loop.last %}, {% endif -%}{% endfor %}',
  'a {% if true -%}{{ "x" }}   b{% endif %}',
  'a {% if true -%}{# c #}   b{% endif %}',
  'a {{ 1 -}}{# c #}   b',
  'a {{ 1 -}}{#- c #}   b',
  'x {{-1}} y',
  'x {{--1}} y',
  'x {{ -1}} y',
  'x {%- if 1 -%} y {%- endif -%}',
  'line1\n{% if true %}\nline2\n{% endif %}\nline3\n',
  '\n\n{%- macro m() -%}\n  body\n{%- endmacro -%}\n\n{{- m() -}}\n\n',
  'tabs\t{%- if t -%}\t\ttrue\t\t{%- endif -%}\ttabs',
  'mixed \r\n\t {{- s -}} \t\r\n mixed',
  '{%- if t %}\r\n  yes\r\n{%- endif %}\r\n',
];

test('text and comments render verbatim', () => {
  checkAll(TEXT, (s) => h.same(s));
});

test('whitespace control strips exactly what nunjucks strips (spaces, tabs, newlines, CRLF, Unicode spaces)', () => {
  checkAll(WHITESPACE, (s) => h.same(s));
});

test('text nunjucks cannot lex is declined', () => {
  for (const s of ['a #} b', '{# never closed', 'x {% if true %} {# open']) {
    assert.equal(h.renderLite(s).kind, 'declined', s);
    assert.equal(h.renderNunjucks(s).ok, false, s);
  }
});
