import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAll, Differential, testData } from './differential-harness.js';

const h = new Differential({ extraGlobals: testData });

const FILTERS = [
  "{{ strs | join }} {{ strs | join(', ') }} {{ lst | join('-') }} {{ mixed | join('|') }} {{ [] | join(',') }} {{ lst | join(0) }} {{ lst | join(none) }}",
  "{{ people | join(', ', 'name') }} {{ people | join(',', 'missing') }} {{ pairs | join(';', 0) }}",
  "{{ s | length }} {{ lst | length }} {{ obj | length }} {{ emptyObj | length }} {{ e | length }} {{ undefined_name | length }} {{ cols | length }}",
  '{{ map | length }} {{ set | length }} {{ fn | length }} {{ mixed | length }}',
  "{{ s | upper }} {{ mixed_case | lower }} {{ nul | upper }}|{{ no | lower }}|{{ undefined_name | upper }}|{{ 'ÉÀ' | lower }}",
  "{{ sp | trim }}|{{ '  x  ' | trim }}|{{ '\\n\\t x \\u00a0' | trim }}|{{ '   ' | trim }}|{{ e | trim }}|",
  "{{ undefined_name | default('d') }} {{ nul | default('d') }} {{ e | default('d') }} {{ e | default('d', true) }} {{ z | d('d', true) }} {{ s | d('d') }} {{ undefined_name | default }}|",
  "{{ no | default('d') }} {{ no | default('d', true) }} {{ empty | default('d', true) }} {{ undefined_name | default(lst) | join('+') }}",
  "{{ s | replace('b', 'X') }} {{ 'aaa' | replace('a', 'b', 2) }} {{ 'aaa' | replace('a', 'b', 0) }} {{ 'abc' | replace('', '.') }} {{ 'abc' | replace('z', 'y') }}",
  "{{ 12321 | replace(2, 9) }} {{ 'a.b.c' | replace('.', '_') }} {{ s | replace(none, 'x') }} {{ lst | replace('1', 'x') }} {{ 'aXa' | replace('a') }} {{ 'aa' | replace('a', 'b', '1') }}",
  "{{ s | string }} {{ n | string }} {{ lst | string }} {{ obj | string }} {{ t | string }} {{ (n | string) ~ 1 }}",
  "{{ '42' | int }} {{ '42.9' | int }} {{ 'x' | int }}|{{ 'x' | int(7) }} {{ 'ff' | int(0, 16) }} {{ 3.99 | int }} {{ -3.5 | int }} {{ nul | int(1) }} {{ t | int(2) }} {{ '0x1A' | int }} {{ ' 12 ' | int }}",
  "{{ '3.5' | float }} {{ 'x' | float }}|{{ 'x' | float(0.5) }} {{ '1e3' | float }} {{ n | float }} {{ '.5' | float + 1 }}",
  "{{ lst | first }} {{ lst | last }} {{ s | first }} {{ s | last }} {{ empty | first }}|{{ empty | last }}|{{ pairs | first | last }}",
  "{{ s | list }} {{ lst | list }} {{ obj | list | length }} {% for p in obj | list %}{{ p.key }}={{ p.value }};{% endfor %}",
  "{{ strs | join(',') | upper }} {{ s | upper | length }} {{ '  A  ' | trim | lower | replace('a', 'b') }} {{ lst | length + 1 }} {{ -n | string }}",
  "{{ (strs | join) ~ 'x' }} {{ strs | join ~ 'x' }} {{ 'a' ~ strs | join }} {{ not e | length }} {{ n + lst | length }}",
  "{% set names = people | join(', ', 'name') | upper %}{{ names }}",
  "{{ s | upper() }} {{ lst | join('-', none, 99) }} {{ s | replace('a', 'b', -1) }}",
  '{{ date | string | length > 0 }} {{ lst | first | string }} {{ [1.5, 2] | last | int }}',
];

test("filters behave as nunjucks 3.2.4 filters, int and float as Jinja2's", () => checkAll(FILTERS, (s) => h.same(s)));

test("int and float give Jinja2's values on both paths (nunjucks gave '' for 'x'|int and 12 for '12abc'|int)", () => {
  assert.equal(h.same("{{ 'x' | int }}|{{ '12abc' | int }}|{{ '3.7' | int }}|{{ 'x' | int(5) }}|{{ '42' | int }}|{{ ' -12 ' | int }}|{{ '1_000' | int }}|{{ '1e3' | int }}"),
    '0|0|3|5|42|-12|1000|1000');
  assert.equal(h.same("{{ 'ff' | int(0, 16) }}|{{ '0x1A' | int(0, 16) }}|{{ '0x1A' | int }}|{{ '0o17' | int(0, 0) }}|{{ 3.99 | int }}|{{ -3.5 | int }}|{{ true | int }}|{{ nul | int }}|{{ lst | int(9) }}"),
    '255|26|0|15|3|-3|1|0|9');
  assert.equal(h.same("{{ 'x' | float }}|{{ 'x' | float(0.5) }}|{{ '3.5' | float }}|{{ ' 1e3 ' | float }}|{{ '.5' | float + 1 }}|{{ '12abc' | float }}|{{ nul | float }}|{{ '-inf' | float }}"),
    '0.0|0.5|3.5|1000.0|1.5|0.0|0.0|-inf');
  assert.equal(h.same("{% if 'x' | int == 0 %}zero{% endif %} {{ ('7' | int) + 1 }}"), 'zero 8');
  // Keyword arguments: nunjucks renders them (lite declines filter keyword arguments).
  assert.deepEqual(h.renderNunjucks("{{ '0x1A' | int(base=16) }}|{{ 'x' | int(default=7) }}|{{ 'x' | float(default=2.5) }}"), h.renderNunjucks("26|7|2.5"));
});

test("truncate is Jinja2's (nunjucks renders it): a leeway of 5, cut at the last space before length - len(end)", () => {
  const cases: Array<[string, string]> = [
    ["{{ 'hello world foo bar' | truncate(13) }}", 'hello...'],
    ["{{ 'hello world foo' | truncate(13) }}", 'hello world foo'],
    ["{{ 'hello world foo bar' | truncate(13, leeway=0) }}", 'hello...'],
    ["{{ 'hello world' | truncate(9, leeway=0) }}", 'hello...'],
    ["{{ 'hello world foo bar' | truncate(9, True) }}", 'hello ...'],
    ["{{ 'abcdefghijklmnop' | truncate(8, end='~', leeway=0) }}", 'abcdefg~'],
    ["{{ 'short' | truncate }}", 'short'],
  ];
  for (const [template, expected] of cases) assert.deepEqual(h.renderNunjucks(template), h.renderNunjucks(expected), template);
  const bad = h.renderNunjucks("{{ 'abc' | truncate(2) }}");
  assert.ok(!bad.ok && /truncate: expected length >= 3, got 2/.test(bad.error), "Jinja2's assertion on the length");
});

test("nunjucks' filters take Jinja's keyword arguments (they were passed as one more value: NaN, [object Object]); trim strips given characters on both paths", () => {
  const cases: Array<[string, string]> = [
    ["{{ '' | default('d', boolean=true) }}|{{ 2.567 | round(precision=1) }}|{{ 'aaa' | replace('a', 'x', count=1) }}|{{ 'ab' | center(width=6) }}", 'd|2.6|xaa|  ab  '],
    ["{{ ['a', 'b'] | join(d='-') }}|{{ [{'n': 1}, {'n': 2}] | join(',', attribute='n') }}|{{ [{'a': 1}, {'a': 2}] | sum(attribute='a') }}|{{ [1, 2] | sum(start=10) }}", 'a-b|1,2|3|13'],
    ["{{ {'b': 1, 'a': 2} | dictsort(reverse=true) | map('first') | join }}|{{ [1, 2, 3] | batch(linecount=2) | length }}|{{ [1, 2, 3] | slice(slices=2) | length }}", 'ba|2|2'],
    ["{{ 'a\nb' | indent(width=2, first=true) }}|{{ 'xxaxx' | trim(chars='x') }}", '  a\n  b|a'],
  ];
  for (const [template, expected] of cases) assert.deepEqual(h.renderNunjucks(template), h.renderNunjucks(expected), template);
  const unknown = h.renderNunjucks("{{ [1] | join(sep=',') }}");
  assert.ok(!unknown.ok && unknown.error.includes("the join filter has no parameter 'sep' (it has d, attribute)"), unknown.ok ? '' : unknown.error);
  assert.equal(h.same("{{ 'xxaxx' | trim('x') }}|{{ '..a.' | trim('.') }}|{{ '  a  ' | trim }}|{{ 'ab' | trim('ab') }}|{{ ' a ' | trim(none) }}"), 'a|a|a||a');
});

test("round is Jinja2's (Python's round: a half goes to the even neighbour; floor and ceil), nunjucks renders it", () => {
  const cases: Array<[string, string]> = [
    ['{{ 2.5 | round }}|{{ 3.5 | round }}|{{ -2.5 | round }}|{{ 0.5 | round }}|{{ 2.6 | round }}|{{ -2.6 | round }}', '2.0|4.0|-2.0|0.0|3.0|-3.0'],
    ["{{ 3.14159 | round(2) }}|{{ 0.125 | round(2) }}|{{ 3.7 | round(0, 'floor') }}|{{ 3.2 | round(method='ceil') }}|{{ 1234 | round(-2) }}", '3.14|0.12|3.0|4.0|1200'],
  ];
  for (const [template, expected] of cases) assert.deepEqual(h.renderNunjucks(template), h.renderNunjucks(expected), template);
  const bad = h.renderNunjucks("{{ 1.5 | round(0, 'up') }}");
  assert.ok(!bad.ok && bad.error.includes("round: method must be 'common', 'ceil' or 'floor', not 'up'"));
});

test("attr and wordwrap are Jinja2's (nunjucks renders them; they were 'filter not found')", () => {
  // Each expected text is what Jinja2 3.1 renders.
  const cases: Array<[string, string]> = [
    ["{{ 'a b c d e f' | wordwrap(5) }}|{{ 'one two three four' | wordwrap(7, wrapstring='<br>') }}|{{ 'short' | wordwrap }}", 'a b c\nd e f|one two<br>three<br>four|short'],
    ["{{ 'a well-known long-term state-of-the-art thing' | wordwrap(12) }}", 'a well-known\nlong-term\nstate-of-\nthe-art\nthing'],
    ["{{ 'supercalifragilisticexpialidocious is long' | wordwrap(10) }}|{{ 'abc defgh' | wordwrap(3, false) }}", 'supercalif\nragilistic\nexpialidoc\nious is\nlong|abc\ndefgh'],
    ["{{ 'line one is here\\nline two is also here\\n\\nafter blank' | wordwrap(8) }}", 'line one\nis here\nline two\nis also\nhere\n\nafter\nblank'],
    ["{% set ns = namespace(a=1) %}{{ ns | attr('a') }}|{{ {'a': 1} | attr('a') }}|{{ [1] | attr('x') }}|{{ none | attr('x') }}|{{ ns | attr('b') }}", '1||||'],
  ];
  for (const [template, expected] of cases) {
    const rendered = h.renderNunjucks(template);
    assert.ok(rendered.ok, rendered.ok ? '' : rendered.error);
    assert.equal(rendered.output, expected, template);
  }
  assert.deepEqual(h.renderNunjucks("{{ this | attr('schema') }}|{{ ref('a') | attr('identifier') }}"), h.renderNunjucks("{{ this.schema }}|{{ ref('a').identifier }}"));
});

test("groupby is Jinja2's (groups sorted, read as .grouper and .list or unpacked; nunjucks' loop saw nothing) and a dict's keys may be numbers", () => {
  // Each expected text is what Jinja2 3.1 renders.
  const rows = "[{'c': 'B', 'n': 1}, {'c': 'a', 'n': 2}, {'c': 'b', 'n': 3}]";
  const cases: Array<[string, string]> = [
    [`{% for g in ${rows} | groupby('c') %}{{ g.grouper }}:{{ g.list | length }};{% endfor %}`, 'a:1;B:2;'],
    [`{% for k, r in ${rows} | groupby('c', case_sensitive=true) %}{{ k }}={{ r | map(attribute='n') | join(',') }};{% endfor %}`, 'B=1;a=2;b=3;'],
    ["{% for k, r in [{'c': 'x'}, {'d': 1}] | groupby('c', default='zz') %}{{ k }}={{ r | length }};{% endfor %}", 'x=1;zz=1;'],
    ["{% set months = {1: 'Jan', 2: 'Feb'} %}{{ months[1] }}{{ months[2] }}|{{ months.get(3, 'none') }}|{{ months | length }}", 'JanFeb|none|2'],
  ];
  for (const [template, expected] of cases) {
    const { nunjucks } = h.compare(template);
    assert.deepEqual(nunjucks, h.renderNunjucks(expected), template);
  }
});

test("Jinja2's filesizeformat and wordcount (filesizeformat was 'filter not found'; wordcount counted JavaScript's \\w)", () => {
  const nunjucks = (template: string) => {
    const outcome = h.compare(template).nunjucks;
    return outcome.ok ? outcome.output : outcome.error;
  };
  assert.equal(nunjucks('{{ 0 | filesizeformat }}|{{ 1 | filesizeformat }}|{{ 2.7 | filesizeformat }}|{{ 1000 | filesizeformat }}|{{ 1024 | filesizeformat(true) }}|{{ 1023 | filesizeformat(binary=true) }}|{{ 1250 | filesizeformat }}|{{ 1e30 | filesizeformat }}|{{ "2048" | filesizeformat(true) }}|{{ -5 | filesizeformat }}|{{ 123456789 | filesizeformat }}'),
    '0 Bytes|1 Byte|2 Bytes|1.0 kB|1.0 KiB|1023 Bytes|1.2 kB|1000000.0 YB|2.0 KiB|-5 Bytes|123.5 MB');
  assert.equal(nunjucks('{{ "" | wordcount }}|{{ "é-a b_c" | wordcount }}|{{ "a b  c" | wordcount }}|{{ none | wordcount }}'), '0|3|3|1');
  assert.match(nunjucks("{{ 'x' | filesizeformat }}"), /could not convert string to float: 'x'/);
});

test("Jinja2's count (length's alias) and pprint (Python's pprint.pformat: sorted keys, one item a line past 80 characters); both were 'filter not found'", () => {
  const nunjucks = (template: string) => {
    const outcome = h.compare(template).nunjucks;
    return outcome.ok ? outcome.output : outcome.error;
  };
  // Each expected text is what Jinja2 3.1.6 renders.
  assert.equal(nunjucks("{{ [1, 2] | count }}|{{ 'abc' | count }}|{{ {'a': 1} | count }}|{{ undefined_name | count }}"), '2|3|1|0');
  assert.equal(nunjucks("{{ {'b': 1, 'a': [1, 'x'], 2: true, 1: none} | pprint }}|{{ 'a' | pprint }}|{{ (1,) | pprint }}|{{ 1.0 | pprint }}|{{ undefined_name | pprint }}|{{ [undefined_name] | pprint }}"),
    "{1: None, 2: True, 'a': [1, 'x'], 'b': 1}|'a'|(1,)|1.0|Undefined|[Undefined]");
  assert.equal(nunjucks("{{ ((range(3) | list) * 10) | pprint }}"), `[${Array.from({ length: 30 }, (_, i) => i % 3).join(',\n ')}]`);
  assert.equal(nunjucks("{{ {'k': 'v ' * 60, 'b': [{'x': 'y' * 70}]} | pprint }}"), [
    `{'b': [{'x': '${'y'.repeat(70)}'}],`,
    ` 'k': '${'v '.repeat(36)}'`,
    `      '${'v '.repeat(24)}'}`,
  ].join('\n'));
});

test("filters iterate a dict's keys as Jinja2's do: max and min (they failed: 'value is not iterable'), map, unique, select, sort, first, last, reverse, batch, slice", () => {
  const nunjucks = (template: string) => {
    const outcome = h.compare(template).nunjucks;
    return outcome.ok ? outcome.output : outcome.error;
  };
  const d = "{'b': 1, 'a': 2, 'C': 3}";
  // Each expected text is what Jinja2 3.1.6 renders.
  assert.equal(nunjucks(`{{ ${d} | max }}|{{ ${d} | min }}|{{ ${d} | max(case_sensitive=true) }}|{{ {} | max }}|{{ ${d} | map('upper') | join }}|{{ {'b': 1, 'B': 2} | unique | list }}`),
    "C|a|b||BAC|['b']");
  assert.equal(nunjucks(`{{ ${d} | select('equalto', 'a') | list }}|{{ ${d} | reject('equalto', 'a') | list }}|{{ ${d} | sort }}|{{ ${d} | reverse | list }}|{{ ${d} | batch(2) | list }}|{{ ${d} | slice(2) | list }}`),
    "['a']|['b', 'C']|['a', 'b', 'C']|['C', 'a', 'b']|[['b', 'a'], ['C']]|[['b', 'a'], ['C']]");
  assert.equal(h.same(`{{ ${d} | first }}|{{ ${d} | last }}|{{ {} | first }}|{{ ['x', 'y'] | first }}`), 'b|C||x');
});

test("length (and its alias count) of a number, a bool or none is Python's TypeError, as Jinja2's len() raises (nunjucks gave '' and 0)", () => {
  for (const [template, message] of [
    ['{{ n | length }}', "object of type 'int' has no len()"],
    ['{{ nul | length }}', "object of type 'NoneType' has no len()"],
    ['{{ t | length }}', "object of type 'bool' has no len()"],
    ['{{ f | count }}', "object of type 'float' has no len()"],
  ]) {
    const { nunjucks, lite } = h.compare(template!);
    assert.equal(lite.kind, 'declined', template);
    assert.ok(!nunjucks.ok && nunjucks.error.includes(message!), `${template}: ${nunjucks.ok ? nunjucks.output : nunjucks.error}`);
  }
});
