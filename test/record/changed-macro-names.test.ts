import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedMacroNames, macroNamesIn } from '../../core/record/changed-macro-names.js';

test('macro names are read from {% macro %} and {%- macro %} definitions', () => {
  assert.deepEqual(macroNamesIn('{% macro a(x) %}{{ x }}{% endmacro %}\n{%- macro b_2() -%}1{%- endmacro %}'), ['a', 'b_2']);
});

test('every macro defined before or after in a changed file has changed', () => {
  const names = changedMacroNames([{ before: '{% macro old() %}1{% endmacro %}', after: '{% macro new() %}1{% endmacro %}' }], []);
  assert.deepEqual([...names].sort(), ['new', 'old']);
});

test('macros of unchanged files that call a changed macro, directly or through others, have changed too', () => {
  const unchanged = [
    '{% macro wrap(c) %}round({{ to_decimal(c) }}, 2){% endmacro %}',
    '{% macro wrap_twice(c) %}{{ wrap(wrap(c)) }}{% endmacro %}',
    '{% macro unrelated() %}1{% endmacro %}',
    '{# mentions to_decimal but defines nothing #}',
  ];
  const names = changedMacroNames([{ before: '{% macro to_decimal(c) %}{{ c }}{% endmacro %}', after: '{% macro to_decimal(c) %}cast({{ c }} as double){% endmacro %}' }], unchanged);
  assert.deepEqual([...names].sort(), ['to_decimal', 'wrap', 'wrap_twice']);
});

test('no changed files: nothing changed', () => {
  assert.equal(changedMacroNames([], ['{% macro a() %}{{ b() }}{% endmacro %}']).size, 0);
});
