/** The files `amp-dbt init` writes: a small project that compiles and runs on embedded DuckDB. */
export function starterProject(name: string): Record<string, string> {
  return {
    'dbt_project.yml': `name: ${name}
version: '0.1.0'
profile: ${name}

model-paths: ['models']
macro-paths: ['macros']
test-paths: ['tests']

vars:
  min_amount: 0

models:
  ${name}:
    +materialized: view
    staging:
      +tags: ['staging']
    marts:
      +materialized: table
`,
    '.gitignore': '.amp-dbt/\n',
    'models/staging/stg_payments.sql': `-- Payments as they arrive, one row each (inline data: no source needed to try amp-dbt).
select *
from (values
  (1, 'alice', 30.00, date '2026-01-01'),
  (2, 'bob',   12.50, date '2026-01-02'),
  (3, 'alice', 99.90, date '2026-01-03')
) as payments(payment_id, customer, amount, paid_on)
`,
    'models/marts/customer_totals.sql': `{{ config(tags=['finance']) }}

select
  customer,
  count(*) as payments,
  {{ cents('sum(amount)') }} as total_cents
from {{ ref('stg_payments') }}
where amount > {{ var('min_amount') }}
group by customer
`,
    'models/marts/_marts.yml': `version: 2
models:
  - name: customer_totals
    description: Total paid per customer.
    columns:
      - name: customer
        data_type: varchar
        tests: [not_null, unique]
      - name: total_cents
        data_type: bigint
`,
    'macros/cents.sql': `{% macro cents(expression) %}cast(round({{ expression }} * 100) as bigint){% endmacro %}
`,
    'tests/.gitkeep': '',
  };
}
