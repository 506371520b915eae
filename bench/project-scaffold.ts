import { LAYERS, SOURCE_TABLES } from './plan-models.js';

/** The files of a synthetic project that are not models: dbt_project.yml, macros and the sources file. */
export function scaffoldFiles(projectName: string): { path: string; content: string }[] {
  return [
    { path: 'dbt_project.yml', content: dbtProject(projectName) },
    { path: 'macros/amounts.sql', content: AMOUNT_MACROS },
    { path: 'macros/time.sql', content: TIME_MACROS },
    { path: 'models/_sources.yml', content: sourcesFile() },
  ];
}

function dbtProject(name: string): string {
  const layers = LAYERS.map(({ folder }) => {
    const materialized = folder === 'marts' || folder === 'reports' ? '+materialized: table, ' : '';
    return `    ${folder}: {${materialized}+tags: [${folder}]}\n`;
  }).join('');
  return `# Synthetic project written by bench/generate-project.ts; do not edit.
name: ${name}
version: '1.0.0'
config-version: 2

model-paths: ['models']
macro-paths: ['macros']

vars:
  start_date: '2024-01-01'
  include_refunds: false

models:
  ${name}:
    +materialized: view
${layers}`;
}

const AMOUNT_MACROS = `{# Amounts arrive in cents. #}
{% macro cents_to_units(expression, scale=100) -%}
({{ expression }}) / {{ scale }}
{%- endmacro %}

{% macro normalize_amount(expression) -%}
round({{ cents_to_units(expression) }}, 2)
{%- endmacro %}
`;

const TIME_MACROS = `{% macro truncate_time(column, grain='day') -%}
date_trunc('{{ grain }}', {{ column }})
{%- endmacro %}

{% macro since_start(column) -%}
{{ column }} >= cast('{{ var('start_date') }}' as timestamp)
{%- endmacro %}
`;

function sourcesFile(): string {
  const tables = SOURCE_TABLES.map((table) => `      - name: ${table}
        columns:
          - name: id
            data_type: bigint
          - name: amount
            data_type: double
          - name: updated_at
            data_type: timestamp
`).join('');
  return `version: 2

sources:
  - name: raw
    schema: raw
    loaded_at_field: updated_at
    tables:
${tables}`;
}
