import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Differential, testData } from './differential-harness.js';

/*
 * Undefined values as Jinja2's default Undefined (jinja-undefined.ts). Each expected text or error message is what
 * Jinja2 3.1.6 (Python) gives for the template, with d = {'a': 1} and l = [1, 2] set as the templates set them.
 */
const h = new Differential({ extraGlobals: testData });
const DATA = "{% set d = {'a': 1} %}{% set l = [1, 2] %}";

/** What nunjucks renders, or its error's last line, for a template lite may decline (compare() checks lite wherever it renders). */
function nunjucks(template: string): string {
  const outcome = h.compare(DATA + template).nunjucks;
  return outcome.ok ? outcome.output : outcome.error.split('\n').pop()!.trim();
}

test('an undefined value prints nothing, is false, iterates as nothing and equals only another undefined value, on both paths', () => {
  // Jinja2: '[] +  + |FTrue|||b'
  assert.equal(h.same(DATA + "[{{ x }}] + {{ d.missing }} + {{ l[9] }}|{% if x %}T{% else %}F{% endif %}{{ not x }}|"
    + "{% for i in x %}{{ i }}{% endfor %}|{% for k in d.missing %}{{ k }}{% endfor %}|{{ 'a' if x else 'b' }}"),
  '[] +  + |FTrue|||b');
  // Jinja2: 'TrueFalseFalseTrueFalseFalseTrue|b|b'
  assert.equal(h.same("{{ x == y }}{{ x != y }}{{ x == none }}{{ x != none }}{{ x == 1 }}{{ x == '' }}{{ x != 1 }}|{% if x == none %}a{% elif x != none %}b{% endif %}|{{ x or 'b' }}{{ x and 'b' }}"),
    'TrueFalseFalseTrueFalseFalseTrue|b|b');
  // `~` writes Jinja's str of it, ''; Jinja2: 'a|ab|x'
  assert.equal(h.same(DATA + "{{ x ~ 'a' }}|{{ 'a' ~ x ~ 'b' }}|{{ 'x' ~ d.missing }}"), 'a|ab|x');
  // Jinja2: '0||d|d|False|False'
  assert.equal(h.same("{{ x | length }}|{{ x | upper }}|{{ x | default('d') }}|{{ x | default('d', true) }}|{{ 'a' in x }}|{{ x in [1] }}"), '0||d|d|False|False');
  // A macro's parameter that is undefined is undefined inside it (not a global of its name); Jinja2: '| 5|5 None|None |'
  assert.equal(h.same('{% macro m(n=undefined_name, y=n) %}{{ n }}|{{ y }}{% endmacro %}{{ m() }} {{ m(5) }} {{ m(n=none) }} {{ m(n=undefined_name) }}'),
    '| 5|5 None|None |');
  // An undefined key finds nothing; Jinja2: '|'
  assert.equal(h.same(DATA + '{{ none[y] }}|{{ d[y] }}'), '|');
  // Jinja2: '[][][]'
  assert.equal(h.same(DATA + '{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m() }}{{ m(x) }}{{ m(d.missing) }}'), '[][][]');
});

test("filters and a list of an undefined value as Jinja2's (lite leaves them to nunjucks)", () => {
  // Jinja2: '|||[]||2', '[Undefined, 1]' and '|' (`%s` writes Jinja's str of it)
  assert.equal(nunjucks("{{ [x] | join(',') }}|{{ x | join(',') }}|{{ x | trim }}|{{ x | list }}|{{ x | first }}|{{ x | default(1) + 1 }}"), '|||[]||2');
  assert.equal(nunjucks('{{ [x, 1] }}'), '[Undefined, 1]');
  assert.equal(nunjucks("{{ '%s' % x }}|{{ '%s' % d.missing }}"), '|');
  // min and max of nothing are undefined; Jinja2: '||||False|b', '[Undefined]|[Undefined, 1]|1||False' and '[]|[[], []]||[]|[]|[]'
  assert.equal(nunjucks("{{ [] | max }}|{{ [] | min }}|{{ x | max }}|{{ [x] | max }}|{{ [x] | min is defined }}|{{ ['b', 'a'] | max }}"), '||||False|b');
  assert.equal(nunjucks('{{ [x] | reverse | list }}|{{ [x, 1] | list }}|{{ [1, x] | first }}|{{ [1, x] | last }}|{{ ([1, x] | last) is defined }}'),
    '[Undefined]|[Undefined, 1]|1||False');
  assert.equal(nunjucks("{{ x | batch(2) | list }}|{{ x | slice(2) | list }}|{{ x | random }}|{{ x | select | list }}|{{ x | reject | list }}|{{ x | selectattr('a') | list }}"),
    '[]|[[], []]||[]|[]|[]');
});

test("anything else done with an undefined value raises Jinja2's error: lite declines, nunjucks raises it", () => {
  // Each template, and Jinja2's error (UndefinedError, or Python's TypeError, which nunjucks names Error).
  const cases: Array<[string, string]> = [
    ['{{ x + 1 }}', "UndefinedError: 'x' is undefined"],
    ['{{ 1 - x }}', "UndefinedError: 'x' is undefined"],
    ['{{ x * 2 }}', "UndefinedError: 'x' is undefined"],
    ['{{ x / 2 }}', "UndefinedError: 'x' is undefined"],
    ['{{ x // 2 }}', "UndefinedError: 'x' is undefined"],
    ['{{ x % 2 }}', "UndefinedError: 'x' is undefined"],
    ['{{ x ** 2 }}', "UndefinedError: 'x' is undefined"],
    ['{{ -x }}', "UndefinedError: 'x' is undefined"],
    ['{{ x < 1 }}', "UndefinedError: 'x' is undefined"],
    ['{{ 1 >= x }}', "UndefinedError: 'x' is undefined"],
    ['{{ 1 < x < 3 }}', "UndefinedError: 'x' is undefined"],
    ['{{ x.y }}', "UndefinedError: 'x' is undefined"],
    ["{{ x['k'] }}", "UndefinedError: 'x' is undefined"],
    ['{{ x.y.z }}', "UndefinedError: 'x' is undefined"],
    ['{{ x[y] }}', "UndefinedError: 'x' is undefined"],
    ['{{ x[1:2] }}', "UndefinedError: 'x' is undefined"],
    ['{{ x.y is defined }}', "UndefinedError: 'x' is undefined"],
    ['{{ x | int }}', "UndefinedError: 'x' is undefined"],
    ['{{ x | float }}', "UndefinedError: 'x' is undefined"],
    ['{{ x | round }}', "Error: type Undefined doesn't define __round__ method"],
    ['{{ x | abs }}', "Error: bad operand type for abs(): 'Undefined'"],
    ['{{ x | tojson }}', 'Error: Object of type Undefined is not JSON serializable'],
    ['{{ x | dictsort }}', "UndefinedError: 'x' is undefined"],
    ["{{ x | attr('a') }}", "UndefinedError: 'x' is undefined"],
    ['{{ x | indent }}', "UndefinedError: 'x' is undefined"],
    ['{{ x | wordwrap }}', "UndefinedError: 'x' is undefined"],
    ['{{ x | filesizeformat }}', "UndefinedError: 'x' is undefined"],
    ['{{ [1, x] | max }}', "UndefinedError: 'x' is undefined"],
    ['{{ [x, y] | min }}', "UndefinedError: 'y' is undefined"],
    ['{{ x | max + 1 }}', 'UndefinedError: No aggregated item, sequence was empty.'],
    ["{{ x in 'abc' }}", "Error: 'in <string>' requires string as left operand, not Undefined"],
    ['{% set y = x %}{{ y + 1 }}', "UndefinedError: 'x' is undefined"],
    ['{% macro m(a) %}{{ a + 1 }}{% endmacro %}{{ m() }}', "UndefinedError: parameter 'a' was not provided"],
    ['{{ loop.index }}', "UndefinedError: 'loop' is undefined"],
    ['{{ d.missing.more }}', "UndefinedError: 'dict object' has no attribute 'missing'"],
    ['{{ d.missing + 1 }}', "UndefinedError: 'dict object' has no attribute 'missing'"],
    ["{{ d['missing'] + 1 }}", "UndefinedError: 'dict object' has no attribute 'missing'"],
    ['{{ l[5] + 1 }}', 'UndefinedError: list object has no element 5'],
    ["{{ 'abc'.missing + 1 }}", "UndefinedError: 'str object' has no attribute 'missing'"],
    ['{{ none.x + 1 }}', "UndefinedError: 'None' has no attribute 'x'"],
    ['{{ (1).x + 1 }}', "UndefinedError: 'int object' has no attribute 'x'"],
    ['{{ (1.5).x + 1 }}', "UndefinedError: 'float object' has no attribute 'x'"],
    ['{{ true.x + 1 }}', "UndefinedError: 'bool object' has no attribute 'x'"],
    ['{{ (1, 2).x + 1 }}', "UndefinedError: 'tuple object' has no attribute 'x'"],
    ['{{ d.a.b + 1 }}', "UndefinedError: 'int object' has no attribute 'b'"],
  ];
  for (const [template, message] of cases) {
    const { lite, nunjucks: outcome } = h.compare(DATA + template);
    assert.equal(lite.kind, 'declined', template);
    assert.ok(!outcome.ok, `nunjucks rendered ${template}`);
    assert.equal(outcome.error.split('\n').pop()!.trim(), message, template);
  }
});
