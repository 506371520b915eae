import { argsByName } from './keyword-args.js';

/**
 * dbt's cross-database macros in the `dbt` namespace (`{{ dbt.current_timestamp() }}`, `{{ dbt.dateadd('day',
 * 7, 'created_at') }}`, `{{ dbt.type_string() }}` ...), as dbt-duckdb and dbt-postgres write them. They print
 * SQL text for the target's engine; an argument combination an engine has no spelling for is an error.
 */

type Fn = (...args: unknown[]) => string;

const text = (value: unknown) => String(value ?? '');

/** PostgreSQL's datediff, as dbt-postgres computes it, for the date parts it knows. */
function postgresDatediff(first: string, second: string, part: string): string {
  const years = `(date_part('year', (${second})::date) - date_part('year', (${first})::date))`;
  const days = `((${second})::date - (${first})::date)`;
  const hours = `(${days} * 24 + date_part('hour', (${second})::timestamp) - date_part('hour', (${first})::timestamp))`;
  const minutes = `(${hours} * 60 + date_part('minute', (${second})::timestamp) - date_part('minute', (${first})::timestamp))`;
  switch (part) {
    case 'year': return years;
    case 'month': return `(${years} * 12 + date_part('month', (${second})::date) - date_part('month', (${first})::date))`;
    case 'day': return days;
    case 'hour': return hours;
    case 'minute': return minutes;
    case 'second': return `(${minutes} * 60 + floor(date_part('second', (${second})::timestamp)) - floor(date_part('second', (${first})::timestamp)))`;
    default: throw new Error(`dbt.datediff: the date part '${part}' has no PostgreSQL spelling here (year, month, day, hour, minute, second)`);
  }
}

/** The `dbt` namespace for a target type (duckdb, postgres; amp reads SQL as DuckDB does). */
export function dbtNamespace(targetType: string): Record<string, Fn> {
  const postgres = targetType === 'postgres';
  return {
    current_timestamp: () => (postgres ? 'now()' : 'current_timestamp'),
    type_string: () => 'varchar',
    type_int: () => 'integer',
    type_bigint: () => 'bigint',
    type_float: () => 'float',
    type_numeric: () => 'numeric(28,6)',
    type_timestamp: () => 'timestamp',
    type_boolean: () => 'boolean',
    cast: (...args) => { const [field, type] = argsByName(args, ['field', 'type']); return `cast(${text(field)} as ${text(type)})`; },
    safe_cast: (...args) => {
      const [field, type] = argsByName(args, ['field', 'type']);
      return postgres ? `cast(${text(field)} as ${text(type)})` : `try_cast(${text(field)} as ${text(type)})`;
    },
    concat: (...args) => { const [fields] = argsByName(args, ['fields']); return `concat(${(Array.isArray(fields) ? fields : [fields]).map(text).join(', ')})`; },
    hash: (...args) => { const [field] = argsByName(args, ['field']); return `md5(cast(${text(field)} as varchar))`; },
    date_trunc: (...args) => { const [part, date] = argsByName(args, ['datepart', 'date']); return `date_trunc('${text(part)}', ${text(date)})`; },
    dateadd: (...args) => {
      const [part, interval, from] = argsByName(args, ['datepart', 'interval', 'from_date_or_timestamp']);
      return `(${text(from)} + ((interval '1 ${text(part)}') * (${text(interval)})))`;
    },
    datediff: (...args) => {
      const [first, second, part] = argsByName(args, ['first_date', 'second_date', 'datepart']);
      return postgres ? postgresDatediff(text(first), text(second), text(part)) : `date_diff('${text(part)}', ${text(first)}, ${text(second)})`;
    },
    split_part: (...args) => {
      const [string, delimiter, part] = argsByName(args, ['string_text', 'delimiter_text', 'part_number']);
      return `split_part(${text(string)}, ${text(delimiter)}, ${text(part)})`;
    },
    any_value: (...args) => { const [expression] = argsByName(args, ['expression']); return postgres ? `min(${text(expression)})` : `any_value(${text(expression)})`; },
    bool_or: (...args) => { const [expression] = argsByName(args, ['expression']); return `bool_or(${text(expression)})`; },
    listagg: (...args) => {
      const [measure, delimiter, orderBy] = argsByName(args, ['measure', 'delimiter_text', 'order_by_clause']);
      return `string_agg(${text(measure)}, ${delimiter === undefined || delimiter === null ? "','" : text(delimiter)}${orderBy ? ` ${text(orderBy)}` : ''})`;
    },
    escape_single_quotes: (...args) => text(argsByName(args, ['expression'])[0]).replace(/'/g, "''"),
    string_literal: (...args) => `'${text(argsByName(args, ['value'])[0])}'`,
  };
}
