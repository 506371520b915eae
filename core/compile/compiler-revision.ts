/**
 * How this compiler renders: bumped whenever a project may compile to other canonical SQL, configs or
 * fingerprints than before (template rendering, SQL normalisation, fingerprinting), also when the amp-dbt
 * version does not change. Manifests record it, and an incremental recording reuses only an ancestor recorded
 * by the same revision (see record-commit.ts); it is also in the partial-compile cache's key.
 * 1: the revision of tuples, Python's + * % and slices (before it, manifests recorded none).
 * 2: relation attributes (`this.schema`, `ref('m').identifier` ...), namespace(), Jinja in folder configs.
 * 3: dbt compatibility of templates: a macro body reading `varargs` / `kwargs` gets the extra arguments;
 *    `target.database` is the target's database (as `this.database`), no longer empty on DuckDB; a dict
 *    prints as Python's repr (`{'a': 1}`), no longer `[object Object]`.
 * 4: a dict inside a printed list prints as Python's repr (was `[object Object]`); the `tojson` filter writes
 *    Jinja's JSON (sorted keys, `, ` and `: `, `<>&'` escaped) instead of JavaScript's.
 * 5: a model's usedVars and usedMacros include what the project's generate_schema_name read for it (an
 *    incremental recording kept the old schemas when only such a var changed); Jinja in property files is
 *    rendered (a model's config values, a source's schema, database and identifier), the vars it reads the models'.
 * 6: a model's `schema_name` (what the project's generate_schema_name names) is kept only when it differs from
 *    dbt's default naming of the model's schema, so a macro naming the usual schema changes no fingerprint;
 *    `target.profile_name` and `target.target_name` print dbt's values (they printed nothing); Jinja2's `int`,
 *    `float`, `round` and `truncate` filters (`'x' | int` is 0, was empty), filters' keyword arguments, `%r`
 *    and `{!r}` as Python's repr, strings' `partition`, `{% with %}` blocks, negative indexes (`parts[-1]`),
 *    `%` of negative numbers, `loop.changed()`, an empty list or dict false in `if`, `and`, `or` and inline `if`.
 * 7: `not` negates its whole operand with Jinja's truth (`not a == b` was `(not a) == b`, so
 *    `{% if not target.name == 'prod' %}` was false on every target; `not []` was false).
 * 8: values print as Python's str (`None`, `True`, `[1, 'a']`, `3.0` for a float: `3 | float`, `4 / 2`, `1e3`),
 *    also through `~`, `%s`, format() and the join and string filters; floats stay floats through arithmetic and
 *    `round`; arithmetic has Jinja's precedence (`3 * 5 // 2`); Python's `%f` rounding, `%e`, `%g`; `==` of lists
 *    and dicts by their items; `{% set a, b = ... %}` unpacks; Jinja in dbt_project.yml's test configs is rendered.
 *    A model's usedMacros include the macros called by the Jinja of the sources it reads (schema, identifier)
 *    and of its folder and property-file configs (an incremental recording kept a source's old relation, or
 *    the old config, when only such a macro changed).
 *
 * 9: a seed loaded as its own table counts in the content hash of every model reading it with its file's git
 *    blob id and its declared column types (its relation alone did before), so editing a seed makes new
 *    versions of its readers; seeds filling a declared source table stay out, as sources' rows do.
 *    Tuples print as Python's (`(1, 'a')`, `('a',)`: literals, `varargs`, the pairs of `items()`, `dictsort` and
 *    `zip()`, `partition()`), and a list on the right of `%` is one value (`'%s' % [1]` is `[1]`, was `1`);
 *    a chain of comparisons is Python's (`1 < 2 == true` is False, was True); `~` binds between `+` and `*`;
 *    `+ - * **` of integers are exact past 2^53 (`2 ** 53 + 1`); `join` of a dict or string; `wordcount` as Python's;
 *    `'1' == 1` is False; `%c`; a dict's number keys print as numbers (`{1: 'a'}`);
 *    string literals read Python's escapes (`'\d+'` keeps its backslash, was `d+`; `'\u00e9'` is é).
 * 10: a `{% set %}` inside a for loop (or its else) is the pass's own, as in Jinja2: after the loop, and in the
 *    next pass, the name has its value from outside the loop again (nunjucks kept the last pass's value); loop
 *    filters (`{% for x in xs if c %}`) keep the items the condition holds for (a macro's looped over nothing).
 *    Undefined values are Jinja2's default Undefined: arithmetic, orderings, lookups in one (`d.missing.more`) and
 *    `| int` of one are errors (`x + 1` printed nan); `x == none` is False; a macro parameter that is undefined
 *    hides a global of its name; `[x]` prints `[Undefined]`; `is iterable` / `is sequence` of a dict or an
 *    undefined value are True; `trim`, `join`, `first`, `last` and `list` of an undefined value are empty.
 *    A model's usedMacros also name the macros its rendering looked up without calling (`{% if m is defined %}`)
 *    and the global names it found nowhere (`x is defined`, `x | default(..)`): a macro of such a name, added or
 *    removed later, renders the model again (an incremental recording reused it with the old text).
 * 11: lists and dicts keep undefined values (`{% do cols.append(x) %}{{ cols }}` printed `[None]`, now `[Undefined]`);
 *    `min` / `max` of an undefined value or an empty list print nothing (printed `None`), and raise comparing an
 *    undefined item; `batch`, `slice`, `random`, `select`, `reject` of an undefined value are empty (they failed),
 *    and its `dictsort`, `attr`, `indent`, `wordwrap`, `filesizeformat` raise (some printed ''). A name looked up
 *    in the project's namespace (`{{ shop.m is defined }}`) is in usedMacros; a name a for loop or with block sets
 *    before reading it no longer is (it was when nothing outside had it). `sort` and `unique` keep undefined items
 *    (`[x] | sort` printed `[None]`); `sort` of two or more items raises an undefined one's error.
 * 12: `tojson` (filter and function) of a value holding an undefined one raises (`[x] | tojson` printed `[null]`);
 *    Python's str methods given an undefined argument raise as in Jinja (`'a,b'.split(x)` split on whitespace),
 *    `'-'.join(x)` is '' (it failed); `find`, `rfind`, `index`, `rindex`, `count` read start and end; list
 *    `index()` and `remove()` of a missing item raise (index gave -1, remove did nothing), `pop()` of an empty list
 *    or at an undefined index raises (it popped the last item), items are found with Jinja's `==` (`[1].index(1.0)`);
 *    the `count` and `pprint` filters; `min`, `max`, `map`, `select`, `reject`, `unique`, `sum`, `sort`, `first`,
 *    `last`, `reverse`, `batch`, `slice` iterate a dict's keys (`{'b': 1} | first` printed nothing); usedMacros no
 *    longer records `__keywords` from the project's namespace, and the fast path leaves that namespace to nunjucks
 *    (`{{ 1 if shop else 2 }}` printed 2 there).
 * 13: `*`, `/`, `//`, `%`, `**`, unary `-`/`+`, `<`, `>`, `<=`, `>=` and `in` of values Python does not combine raise
 *    its TypeError (`[1] * '3'` printed 3, `'a' / 2` nan, `1 < 'a'` False, `1 in '123'` True); lists order item by
 *    item (`[10] < [9]` was True); `in` a list compares with `==` (`[1] in [[1]]`), in a dict its own keys (`'toString'
 *    in {}` was True), in a macro's output its text (`'val' in m()` was True); `dict.pop()` of a missing key raises
 *    (gave None); a dict's number keys come back as numbers (`{1: 'x'} | sum`, `for k in d`, `d.items()`, `dictsort` in
 *    number order), `'1'` no longer finds the key `1`; `update()` takes keyword arguments; a macro not called prints
 *    `<Macro 'm'>` (its JavaScript source), the project's namespace the dict of them, `tojson` of one raises (wrote
 *    null); Python's methods given keywords they lack raise (`'abc'.find('b', start=1)` gave 1); `startswith` of a
 *    list raises and reads start and end; `length` / `count` of a number or none raise (gave '' and 0).
 * 14: a project's own generate_alias_name names every model's and seed's relation, as in dbt (it was ignored); the
 *    alias it gives is kept in the config as `alias_name` only when it is not the default (the `alias` config,
 *    else the model's name), so a macro naming as dbt's default does changes no fingerprint. A seed's `+alias`
 *    names its table (it was ignored), so the models reading it read that table.
 */
export const COMPILER_REVISION = 14;
