import type { DataTest } from './data-test.js';
import { DataTestError } from './data-test-error.js';
import { nearest } from '../util/did-you-mean.js';
import { ExactInteger } from '../util/exact-integer.js';

/** Where the relations a generic test reads are, as SQL. */
export interface GenericTestContext {
  /** The relation the test is attached to (a quoted name, or a parenthesised query). */
  relation: string;
  /** The relation `to:` of a relationships test names (`ref('x')`, `source('s', 't')`). */
  resolveTo(to: string): string;
  quote(identifier: string): string;
}

/**
 * A column as tests write it: quoted (exact) when it is a lower-case name or `quote: true`; a name with
 * capitals is left unquoted unless `quote: true`, so PostgreSQL folds it as dbt's unquoted SQL would; and
 * an expression (parentheses, operators, quotes, commas) is SQL, as dbt puts it (`column_name: "(a || '-' || b)"`:
 * a composite key).
 */
export function columnSql(name: string, quote: boolean | undefined, quoteIdentifier: (s: string) => string): string {
  if (quote === false) return name;
  if (quote === true) return quoteIdentifier(name);
  if (/[()|+*/,'"-]/.test(name)) return name;
  return name === name.toLowerCase() ? quoteIdentifier(name) : name;
}

function literal(value: unknown, quote: boolean): string {
  // An integer too long for a number (ExactInteger) prints its digits.
  const text = typeof value === 'string' || value instanceof ExactInteger ? String(value) : JSON.stringify(value);
  return quote ? `'${text.replace(/'/g, "''")}'` : text;
}

function requireColumn(test: DataTest): string {
  if (test.column !== undefined) return test.column;
  throw new DataTestError('invalid-test', `test '${test.kind}' needs a column: put it under a column, or give 'column_name'`,
    { location: test.location, hint: `move the test under 'columns: - name: ...', or add 'column_name: <column>'` });
}

const builders: Record<string, (test: DataTest, column: string, context: GenericTestContext) => string> = {
  not_null: (_test, column, { relation }) => `select *\nfrom ${relation} as tested\nwhere ${column} is null`,
  unique: (_test, column, { relation }) =>
    `select ${column} as unique_field, count(*) as n_records\nfrom ${relation} as tested\nwhere ${column} is not null\ngroup by ${column}\nhaving count(*) > 1`,
  accepted_values: (test, column, { relation }) => {
    const values = test.args.values;
    if (!Array.isArray(values) || values.length === 0) {
      throw new DataTestError('invalid-test', `accepted_values needs a non-empty list 'values'`, { location: test.location, hint: 'add values: [a, b]' });
    }
    const list = values.map((v) => literal(v, test.args.quote !== false)).join(', ');
    return `select value_field, n_records\nfrom (\n  select ${column} as value_field, count(*) as n_records\n  from ${relation} as tested\n  group by ${column}\n) as counted\nwhere value_field not in (${list})`;
  },
  relationships: (test, column, context) => {
    const { to, field } = test.args;
    if (typeof to !== 'string' || typeof field !== 'string') {
      throw new DataTestError('invalid-test', `relationships needs 'to' and 'field'`, { location: test.location, hint: `add to: "ref('customers')" and field: id` });
    }
    const parent = columnSql(field, undefined, context.quote);
    return `select child.${column} as from_field\nfrom ${context.relation} as child\nleft join ${context.resolveTo(to)} as parent\n  on child.${column} = parent.${parent}\n` +
      `where child.${column} is not null\n  and parent.${parent} is null`;
  },
};

/** The generic tests amp-dbt builds itself (a project's `{% test %}` of the same name replaces one). */
export const BUILT_IN_TEST_KINDS: readonly string[] = Object.keys(builders);

/** `did you mean 'not_null'? or ` for a near miss of a built-in test's name (`not_nul`), else nothing. */
function typoHint(kind: string): string {
  const near = nearest(kind, BUILT_IN_TEST_KINDS);
  return near === undefined ? '' : `did you mean '${near}'? or `;
}

/** `name(model, column_name, <its arguments>)`: the parameters a `{% test %}` block needs for a use of the test. */
export function testSignature(name: string, args: Record<string, unknown>, onColumn: boolean): string {
  const params = ['model', ...(onColumn ? ['column_name'] : []), ...Object.keys(args).filter((key) => key !== 'column_name' && key !== 'model')];
  return `${name}(${params.join(', ')})`;
}

/** The query returning the rows that fail a built-in generic test (not_null, unique, accepted_values, relationships). */
export function genericTestSql(test: DataTest, context: GenericTestContext): string {
  const build = builders[test.kind];
  if (!build) {
    const packaged = test.kind.includes('.');
    throw new DataTestError('unsupported-test', packaged
      ? `generic test '${test.kind}' comes from a package, and dbt packages are not installed`
      : `generic test '${test.kind}' is not built in, and no macro defines it`, {
      location: test.location,
      hint: packaged
        ? `copy its test block into tests/generic/ (as {% test ${testSignature(test.kind.slice(test.kind.lastIndexOf('.') + 1), test.args, test.column !== undefined)} %}) and name it without the package`
        : `${typoHint(test.kind)}define it with {% test ${test.kind}(model, column_name) %} ... {% endtest %} in tests/generic/ or macros/, or use not_null, unique, accepted_values or relationships`,
    });
  }
  const column = columnSql(requireColumn(test), test.quoteColumn, context.quote);
  const relation = test.where ? `(select * from ${context.relation} as unfiltered where ${test.where})` : context.relation;
  return build(test, column, { ...context, relation });
}
