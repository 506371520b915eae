import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiteLexer } from '../../core/compile/jinja/lite/lite-lexer.js';
import { parseLiteTemplate } from '../../core/compile/jinja/lite/parse-lite-template.js';
import { renderLiteTemplate } from '../../core/compile/jinja/lite/render-lite-template.js';
import { Differential } from './differential-harness.js';

test("trimStart/trimEnd strip exactly nunjucks' /^\\s*/ and /\\s*$/ for every UTF-16 code unit", () => {
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    const text = `${ch}x${ch}`;
    assert.equal(text.trimStart(), text.replace(/^\s*/, ''), `U+${c.toString(16)}`);
    assert.equal(text.trimEnd(), text.replace(/\s*$/, ''), `U+${c.toString(16)}`);
  }
});

test('the lexer splits text, tags and code as nunjucks does', () => {
  const tokens = (src: string) => {
    const lexer = new LiteLexer(src);
    const out: string[] = [];
    for (let tok = lexer.next(); tok; tok = lexer.next()) out.push(`${tok.type}:${tok.value}`);
    return out;
  };
  assert.deepEqual(tokens('a{{- x.y -}}b'), ['data:a', 'variable-start:{{-', 'symbol:x', 'operator:.', 'symbol:y', 'variable-end:-}}', 'data:b']);
  assert.deepEqual(tokens('{% if a==b and c!==d %}'), ['block-start:{%', 'symbol:if', 'symbol:a', 'operator:==', 'symbol:b', 'symbol:and',
    'symbol:c', 'operator:!==', 'symbol:d', 'block-end:%}']);
  assert.deepEqual(tokens("{{ 'a\\'b' 1.5 2. 3 true none null x_1 a'b' }}"), ['variable-start:{{', "string:a'b", 'float:1.5', 'float:2.',
    'int:3', 'boolean:true', 'none:none', 'none:null', 'symbol:x_1', "symbol:a'b'", 'variable-end:}}']);
  assert.deepEqual(tokens('{{ a//b**c }}{# c -#}{'), ['variable-start:{{', 'symbol:a', 'operator://', 'symbol:b', 'operator:**', 'symbol:c',
    'variable-end:}}', 'comment:{# c -#}', 'data:{']);
  assert.deepEqual(tokens('{{ "}}" }}'), ['variable-start:{{', 'string:}}', 'variable-end:}}']);
});

test('parsing is linear: a 1 MB template parses, and renders as nunjucks renders it', () => {
  const chunk = `-- model chunk
select {% for c in cols %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}
from {{ ref('orders') }} {# a comment with { and # and } #}
{% if is_incremental() -%}
where id > {{ 1 + 2 * 3 }} and name = '{{ "quoted \\" string" | upper }}'
{%- endif %}
`;
  let src = '{% set cols = ["id", "name", "amount"] %}';
  while (src.length < 1_000_000) src += chunk;
  const template = parseLiteTemplate(src);
  assert.ok(template, '1 MB template declined');
  const h = new Differential();
  const output = h.same(src, true);
  assert.ok(output.length > 300_000, String(output.length));
});

test('degenerate inputs stay linear: long text full of braces and hashes, long strings, deep nesting', () => {
  const braces = '{ # } { x } # #{ '.repeat(100_000);
  const env = { globals: {}, macros: new Map(), unsupportedMacros: new Set<string>() };
  assert.equal(renderLiteTemplate(parseLiteTemplate(braces)!, env), braces);
  const longString = `{{ '${'x'.repeat(500_000)}' | length }}`;
  assert.equal(renderLiteTemplate(parseLiteTemplate(longString)!, env), '500000');
  const deep = `${'{% if true %}'.repeat(300)}deep${'{% endif %}'.repeat(300)}`;
  assert.equal(renderLiteTemplate(parseLiteTemplate(deep)!, env), 'deep');
  const parens = `{{ ${'('.repeat(300)}1${')'.repeat(300)} }}`;
  assert.equal(renderLiteTemplate(parseLiteTemplate(parens)!, env), '1');
});
