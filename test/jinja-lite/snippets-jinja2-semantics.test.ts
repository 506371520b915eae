import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Differential, testData } from './differential-harness.js';

/** Each expected text is what Jinja2 3.1.6 (Python) renders for the template; both paths must render it. */
const h = new Differential({ extraGlobals: testData });

test("a chain of comparisons is Jinja's: `a < b == c` is `a < b and b == c` (JavaScript's gave 1 < 2 == true True)", () => {
  assert.equal(h.same('{{ 1 < 2 == true }}|{{ 1 < 2 < 3 }}|{{ 3 > 2 > 1 }}|{{ 1 < 3 < 2 }}|{{ 1 == 1 == 1 }}|{{ [1] == [1] == [1] }}|{{ 1 + 1 == 2 == 2.0 }}'),
    'False|True|True|False|True|True|True');
  assert.equal(h.same("{{ 1 > 2 < (1 / 0) }}|{{ 1 < 2 < 3 and 2 == 2 }}|{{ not 1 < 2 < 3 }}|{{ 'a' < 'b' <= 'b' }}|{% if 0 < n <= 3 %}in{% else %}out{% endif %}"),
    'False|True|False|True|in');
});

test("tuples print as Python's ((1, 2), ('a',), ()): literals, varargs, items(), dictsort, zip and partition", () => {
  assert.equal(h.same("{{ (1, 2) }}|{{ (1,) }}|{{ () }}|{{ ((1, 2),) }}|{{ {'a': (1,)} }}|{{ [(1, 'a'), (2, 'b')] }}|{{ (none, true, 1.0) }}"),
    "(1, 2)|(1,)|()|((1, 2),)|{'a': (1,)}|[(1, 'a'), (2, 'b')]|(None, True, 1.0)");
  assert.equal(h.same("{{ 'a.b'.partition('.') }}|{{ 'a.b'.partition('.')[2] }}|{{ 'ab'.rpartition('.') }}|{% for p in zip([1, 2], 'ab') %}{{ p }}{% endfor %}"),
    "('a', '.', 'b')|b|('', '', 'ab')|(1, 'a')(2, 'b')");
  assert.equal(h.same('{{ (1, 2)[::-1] }}|{{ (1, 2) + (3,) }}|{{ [1] + [2] }}|{{ (3, 1, 2) | list }}|{{ (1, 2) | length }}|{{ (1, 2) * 2 }}'),
    '(2, 1)|(1, 2, 3)|[1, 2]|[3, 1, 2]|2|(1, 2, 1, 2)');
  // Templates lite leaves to nunjucks (compare() checks lite's output wherever it renders).
  const nunjucks = (template: string) => {
    const outcome = h.compare(template).nunjucks;
    return outcome.ok ? outcome.output : outcome.error;
  };
  assert.equal(nunjucks('{{ (3, 1, 2) | sort }}|{{ (1, 2) | tojson }}'), '[1, 2, 3]|[1, 2]');
  assert.equal(nunjucks('{% set t = 1, 2 %}{{ t }}|{{ t[0] }}|{% macro m(a) %}{{ varargs }}{% endmacro %}{{ m(1, 2, 3) }}|{{ m(1) }}'), '(1, 2)|1|(2, 3)|()');
  assert.equal(nunjucks("{% for kv in obj.items() %}{{ kv }}{% endfor %}|{{ obj | dictsort }}|{{ obj | items | list }}|{{ obj | dictsort(reverse=true) }}"),
    "('a', 1)('b', 'two')|[('a', 1), ('b', 'two')]|[('a', 1), ('b', 'two')]|[('b', 'two'), ('a', 1)]");
  assert.equal(h.same('{{ (1, 2) == [1, 2] }}|{{ (1, 2) == (1, 2) }}|{{ (1, 2) != [1, 2] }}|{{ 1 in (1, 2) }}'), 'False|True|True|True');
});

test("on the right of %, a tuple is the argument list and a list one argument ('%s' % [1] is [1]); a wrong count is Python's TypeError", () => {
  assert.equal(h.same("{{ '%s' % [1] }}|{{ '%s_%02d' % ('x', 3) }}|{{ '%s' % ([1],) }}|{{ '%s %s' % (1, [2]) }}|{{ 'abc' % [1] }}|{{ '%s' % {'a': 1} }}|{{ '%%' % () }}"),
    "[1]|x_03|[1]|1 [2]|abc|{'a': 1}|%");
  for (const [template, message] of [
    ["{{ '%s-%s' % [1, 2] }}", 'not enough arguments for format string'],
    ["{{ '%s-%s' | format(1) }}", 'not enough arguments for format string'],
    ["{{ 'abc' % 5 }}", 'not all arguments converted during string formatting'],
    ["{{ '%s' % (1, 2) }}", 'not all arguments converted during string formatting'],
  ]) {
    const { nunjucks, lite } = h.compare(template!);
    assert.equal(lite.kind, 'declined', template);
    assert.ok(!nunjucks.ok && nunjucks.error.includes(message!), `${template}: ${nunjucks.ok ? nunjucks.output : nunjucks.error}`);
  }
});

test('{% set a, b %}...{% endset %} unpacks the block\'s text as Python unpacks a string (both names got the whole text)', () => {
  const outcome = h.renderNunjucks('{% set a, b %}xy{% endset %}{{ a }}|{{ b }}');
  assert.deepEqual(outcome.ok && outcome.output, 'x|y');
  const failed = h.renderNunjucks('{% set a, b %}x{% endset %}{{ a }}');
  assert.ok(!failed.ok && failed.error.includes('not enough values to unpack (expected 2, got 1)'), failed.ok ? failed.output : failed.error);
});

test("`~` binds as in Jinja, between `+` and `*` ('a' ~ 2 * 3 is a6, 'a' ~ 1 + 2 is ('a' ~ 1) + 2)", () => {
  assert.equal(h.same("{{ 'a' ~ 2 * 3 }}|{{ 'a' ~ 'b' + 'c' }}|{{ 2 * 3 ~ 'x' }}|{{ 'a' ~ -1 }}|{{ n ~ '' }}|{{ 'x' ~ (1 + 2) }}|{{ 1.5 + true }}"), 'a6|abc|6x|a-1|3|x3|2.5');
});

test("+ and - of values Python does not add are its TypeError, as Jinja2 raises it (they printed x3, 1x, nan ...)", () => {
  for (const [template, message] of [
    ["{{ 'x' ~ 1 + 2 }}", 'can only concatenate str (not "int") to str'],
    ["{{ 1 + 'x' }}", "unsupported operand type(s) for +: 'int' and 'str'"],
    ["{{ [1] + [2] ~ 'x' }}", 'can only concatenate list (not "str") to list'],
    ['{{ (1,) + [2] }}', 'can only concatenate tuple (not "list") to tuple'],
    ['{{ none + 1 }}', "unsupported operand type(s) for +: 'NoneType' and 'int'"],
    ["{{ {'a': 1} + {} }}", "unsupported operand type(s) for +: 'dict' and 'dict'"],
    ["{{ 'n' ~ n - 1 }}", "unsupported operand type(s) for -: 'str' and 'int'"],
    ["{{ lst + 'x' }}", 'can only concatenate list (not "str") to list'],
    ['{{ [] + {} }}', 'can only concatenate list (not "dict") to list'],
  ]) {
    const { nunjucks, lite } = h.compare(template!);
    assert.equal(lite.kind, 'declined', template);
    assert.ok(!nunjucks.ok && nunjucks.error.includes(message!), `${template}: ${nunjucks.ok ? nunjucks.output : nunjucks.error}`);
  }
});

test("*, /, //, %, **, unary - and + and the orderings of values Python does not combine are its TypeError (they printed 3, nan, 0, False ...)", () => {
  assert.equal(h.same("{{ 'a' * true }}|{{ true * [1] }}|{{ 2 * 'ab' }}|{{ 'a' * -1 }}|{{ (1,) * 2 }}|{{ -true }}|{{ +true }}|{{ +2 }}|{{ [1, 2] < [1, 10] }}|{{ [1] < [1, 0] }}|{{ (1, 'a') < (1, 'b') }}"),
    'a|[1]|abab||(1, 1)|-1|1|2|True|True|True');
  for (const [template, message] of [
    ["{{ [1] * '3' }}", "can't multiply sequence by non-int of type 'str'"],
    ["{{ '3' * [1] }}", "can't multiply sequence by non-int of type 'list'"],
    ["{{ 'a' * 2.0 }}", "can't multiply sequence by non-int of type 'float'"],
    ['{{ none * 2 }}', "unsupported operand type(s) for *: 'NoneType' and 'int'"],
    ['{{ {} * 2 }}', "unsupported operand type(s) for *: 'dict' and 'int'"],
    ["{{ 'a' / 2 }}", "unsupported operand type(s) for /: 'str' and 'int'"],
    ["{{ 'a' // 2 }}", "unsupported operand type(s) for //: 'str' and 'int'"],
    ["{{ 'a' ** 2 }}", "unsupported operand type(s) for ** or pow(): 'str' and 'int'"],
    ['{{ [1] % 2 }}', "unsupported operand type(s) for %: 'list' and 'int'"],
    ["{{ 5 % 'a' }}", "unsupported operand type(s) for %: 'int' and 'str'"],
    ["{{ -'a' }}", "bad operand type for unary -: 'str'"],
    ['{{ +none }}', "bad operand type for unary +: 'NoneType'"],
    ["{{ 1 < 'a' }}", "'<' not supported between instances of 'int' and 'str'"],
    ['{{ none >= 1 }}', "'>=' not supported between instances of 'NoneType' and 'int'"],
    ['{{ {} < {} }}', "'<' not supported between instances of 'dict' and 'dict'"],
    ['{{ (1,) < [2] }}', "'<' not supported between instances of 'tuple' and 'list'"],
    ["{{ [1, 'a'] < [1, 2] }}", "'<' not supported between instances of 'str' and 'int'"],
    ["{{ 'a' * 10000000000000000000000 }}", "cannot fit 'int' into an index-sized integer"],
  ]) {
    const { nunjucks, lite } = h.compare(template!);
    assert.equal(lite.kind, 'declined', template);
    assert.ok(!nunjucks.ok && nunjucks.error.includes(message!), `${template}: ${nunjucks.ok ? nunjucks.output : nunjucks.error}`);
  }
});

test("`in` is Python's: a list's items by ==, a dict's own keys, a substring of a macro's output; a key or container Python rejects is its TypeError", () => {
  assert.equal(h.same("{{ [1] in [[1]] }}|{{ 1 in [1.0] }}|{{ 1 in [true] }}|{{ 'b' in 'abc' }}|{{ 'toString' in {} }}|{{ 'a' not in ['a'] }}|{{ '1' in lst }}"),
    'True|True|True|True|False|False|False');
  const nunjucks = h.compare("{% set d = {1: 'x', 'b': 2} %}{{ 1 in d }}|{{ '1' in d }}|{{ 1.0 in d }}|{{ 'b' in d }}|{{ 'items' in d }}").nunjucks;
  assert.equal(nunjucks.ok && nunjucks.output, 'True|False|True|True|False');
  for (const [template, message] of [
    ["{{ 1 in 'abc' }}", "'in <string>' requires string as left operand, not int"],
    ["{{ 'a' in 1 }}", "argument of type 'int' is not iterable"],
    ["{{ 'a' in none }}", "argument of type 'NoneType' is not iterable"],
    ['{{ [1] in {} }}', "unhashable type: 'list'"],
  ]) {
    const { nunjucks, lite } = h.compare(template!);
    assert.equal(lite.kind, 'declined', template);
    assert.ok(!nunjucks.ok && nunjucks.error.includes(message!), `${template}: ${nunjucks.ok ? nunjucks.output : nunjucks.error}`);
  }
});

test("string literals read Python's escapes (\\u00e9, \\x41, \\101; an unknown one kept: '\\d+'), and literals side by side are one string", () => {
  assert.equal(h.same(String.raw`{{ "\u00e9" }}|{{ "\x41" }}|{{ "\q" }}|{{ 'a\'b' }}|{{ "\n" }}|{{ '\101' }}|{{ "\\" }}|{{ '\d+' }}|{{ "\U0001F600" }}|{{ "\a" | length }}`),
    'é|A|\\q|a\'b|\n|A|\\|\\d+|😀|1');
  assert.equal(h.same(`{{ "a" 'b' "c" | upper }}|{{ ['x' 'y', 'z'] }}|{{ "%s" "-%s" % (1, 2) }}|{{ 'a'\n  'b' }}|{{ "a" "==" "a" }}`), "ABC|['xy', 'z']|1-2|ab|a==a");
  const { nunjucks, lite } = h.compare(String.raw`{{ "\x4" }}`);
  assert.equal(lite.kind, 'declined');
  assert.ok(!nunjucks.ok && nunjucks.error.includes('truncated \\xXX escape'), nunjucks.ok ? nunjucks.output : nunjucks.error);
});

test("== never finds a number equal to a string, as in Python ('1' == 1 was True: JavaScript's loose ==)", () => {
  assert.equal(h.same("{{ '1' == 1 }}|{{ 1 != '1' }}|{{ 1 == 1.0 }}|{{ 1 == true }}|{{ 0 == false }}|{{ none == false }}|{{ '' == 0 }}|{{ 'a' == 'a' }}|{{ 1 < 2 == '1' }}"),
    'False|True|True|True|True|False|False|True|False');
});

test("%c formats a character, as Python's % does (it was left as written, so the value was one too many)", () => {
  assert.equal(h.same("{{ '%c' % 65 }}|{{ '%c%c' % ('h', 105) }}|{{ '%-3c|' % 'x' }}|{{ \"%-5s|\" % 'ab' }}|{{ '%5d|' % 42 }}|{{ '%x' % 255 }}"), 'A|hi|x  ||ab   ||   42||ff');
});

test("a dict written with number keys prints them as numbers ({1: 'a'} printed {'1': 'a'}); months[1] still finds its item", () => {
  const outcome = h.compare("{% set months = {1: 'Jan', 2: 'Feb'} %}{{ months }}|{{ months[1] }}|{{ {1.5: 'x', 'k': 2} }}|{{ [{3: none}] }}|{{ months | tojson }}").nunjucks;
  assert.equal(outcome.ok && outcome.output, "{1: 'Jan', 2: 'Feb'}|Jan|{1.5: 'x', 'k': 2}|[{3: None}]|{\"1\": \"Jan\", \"2\": \"Feb\"}");
});

test("a dict's number keys come back as numbers wherever Jinja hands out its keys ({1: 'x'} | sum was a TypeError, for k in d gave '1')", () => {
  const nunjucks = (template: string) => {
    const outcome = h.compare(template).nunjucks;
    return outcome.ok ? outcome.output : outcome.error.replace(/^\(model\.sql\)\s*Error: /, '');
  };
  // Jinja2 3.1.6 renders each of these as written after it.
  assert.equal(nunjucks("{% set d = {1: 'x'} %}{{ d | sum }}|{% for k in d %}{{ k + 1 }}{% endfor %}|{% for k in d if k > 0 %}{{ k * 2 }}{% endfor %}"), '1|2|2');
  assert.equal(nunjucks("{% set d = {1: 'x', 2.5: 'y'} %}{{ d | list }}|{{ d.keys() | list }}|{{ d.items() | list }}|{{ d | first }}|{{ d | last }}|{{ d | max }}|{{ d | sort }}|{{ d | map('string') | list }}|{{ d | dictsort }}|{% for k, v in d.items() %}{{ k * 2 }}{% endfor %}|{{ d | join(',') }}|{{ d | items | list }}"),
    "[1, 2.5]|[1, 2.5]|[(1, 'x'), (2.5, 'y')]|1|2.5|2.5|[1, 2.5]|['1', '2.5']|[(1, 'x'), (2.5, 'y')]|25.0|1,2.5|[(1, 'x'), (2.5, 'y')]");
  assert.equal(nunjucks("{% set d = {1: 'x', 2.5: 'y'} %}{{ d.copy() }}|{{ dict(d) }}|{{ d.get(1) }}|{{ d.get('1') }}|{{ 1 in d }}|{{ '1' in d }}|{{ d | tojson }}|{{ dict([[7, 'x']]) }}"),
    "{1: 'x', 2.5: 'y'}|{1: 'x', 2.5: 'y'}|x|None|True|False|{\"1\": \"x\", \"2.5\": \"y\"}|{7: 'x'}");
  assert.equal(nunjucks("{% set d = {10: 'a', 9: 'b', 1.0: 'c'} %}{{ d | dictsort }}|{{ d | dictsort(reverse=true) }}|{{ d.setdefault(2, 'z') }}|{{ d.get(1) }}|{% set _ = d.update({3: 'q'}, e=5) %}{{ d[3] }}{{ d.e }}|{{ d.pop(10) }}"),
    "[(1.0, 'c'), (9, 'b'), (10, 'a')]|[(10, 'a'), (9, 'b'), (1.0, 'c')]|z|c|q5|a");
  assert.equal(nunjucks("{% set d = {1: 'x', 'a': 2} %}{{ d | dictsort }}"), "'<' not supported between instances of 'str' and 'int'");
  assert.equal(nunjucks("{% set d = {1: 'x'} %}{{ d.pop('1') }}"), "KeyError: '1'");
});

test("Python's str, list and dict methods take no keyword arguments but split's, sort's, format's and update's; startswith takes a str or a tuple, and a start and end", () => {
  // Jinja2 3.1.6 renders these
  assert.equal(h.same("{{ 'abc'.startswith(('x', 'a')) }}|{{ 'abc'.endswith(('x', 'c')) }}|{{ 'abc'.startswith('a', 1) }}|{{ 'abc'.startswith('b', 1) }}|{{ 'abc'.endswith('b', 0, 2) }}|{{ 'abc'.startswith('', 5) }}|{{ 'abc'.startswith('', 2, 1) }}|{{ 'abc'.endswith('', 3) }}|{{ 'abc'.startswith('abc', -3) }}|{{ 'abc'.endswith('ab', -5, -1) }}|{{ 'a b'.split(sep=' ') }}|{{ 'a b'.rsplit(maxsplit=1) }}|{{ '{x}'.format(x=1) }}"),
    "True|True|False|True|True|False|False|True|True|True|['a', 'b']|['a', 'b']|1");
  for (const [template, message] of [
    ["{{ 'abc'.find('b', start=1) }}", 'find() takes no keyword arguments'],
    ["{{ 'abc'.rfind(sub='b') }}", 'rfind() takes no keyword arguments'],
    ["{{ 'abc'.index('b', 0, end=3) }}", 'index() takes no keyword arguments'],
    ["{{ 'abc'.count(x='b') }}", 'count() takes no keyword arguments'],
    ["{{ 'abc'.strip(chars='a') }}", 'str.strip() takes no keyword arguments'],
    ["{{ 'abc'.split(x='b') }}", "'x' is an invalid keyword argument for split()"],
    ['{{ [1, 2].index(2, start=0) }}', 'list.index() takes no keyword arguments'],
    ['{{ [1].pop(index=0) }}', 'list.pop() takes no keyword arguments'],
    ['{{ [3, 1].sort(cmp=1) }}', "'cmp' is an invalid keyword argument for sort()"],
    ['{{ {}.get(key=1) }}', 'dict.get() takes no keyword arguments'],
    ["{{ 'abc'.startswith(['a']) }}", 'startswith first arg must be str or a tuple of str, not list'],
    ["{{ 'abc'.endswith(['c']) }}", 'endswith first arg must be str or a tuple of str, not list'],
    ["{{ 'abc'.startswith(('x', 1)) }}", 'tuple for startswith must only contain str, not int'],
    ["{{ 'abc'.startswith(none) }}", 'startswith first arg must be str or a tuple of str, not NoneType'],
  ]) {
    const { nunjucks, lite } = h.compare(template!);
    assert.equal(lite.kind, 'declined', template);
    assert.ok(!nunjucks.ok && nunjucks.error.includes(message!), `${template}: ${nunjucks.ok ? nunjucks.output : nunjucks.error}`);
  }
  const nunjucks = h.compare("{% set d = {} %}{% set _ = d.update({'a': 1}, b=2) %}{{ d }}|{% set l = [3, 1, 2] %}{% set _ = l.sort(reverse=true) %}{{ l }}").nunjucks;
  assert.equal(nunjucks.ok && nunjucks.output, "{'a': 1, 'b': 2}|[3, 2, 1]");
});
