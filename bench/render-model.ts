import type { ModelSpec } from './plan-models.js';

/**
 * The SQL of one synthetic model. Every model has the same output columns (id, amount, updated_at),
 * like the source tables, so the whole project would also type-check.
 */
export function renderModel(spec: ModelSpec, all: readonly ModelSpec[]): string {
  switch (spec.kind) {
    case 'pragma':
      return renderPragma(spec, all);
    case 'macro':
      return renderMacroModel(spec, all);
    case 'control':
      return renderControlFlow(spec, all);
    case 'incremental':
      return renderIncremental(spec, all);
    default:
      return renderPlain(spec, all);
  }
}

/** `p0`, `p1`, ... : the table alias of each parent (or `p0` for the source table). */
const alias = (i: number) => `p${i}`;

function aliases(spec: ModelSpec): string[] {
  return Array.from({ length: Math.max(1, spec.parents.length) }, (_, i) => alias(i));
}

function description(spec: ModelSpec): string {
  const what = spec.parents.length === 0 ? `source table raw.${spec.sourceTable}` : `${spec.parents.length} upstream model(s)`;
  return `-- ${spec.name}: amounts per id from ${what}.\n`;
}

/** `from <rel> p0` and one `left join <rel> pN on pN.id = p0.id` per further parent. */
function fromClause(spec: ModelSpec, relation: (parent: number, position: number) => string): string {
  if (spec.parents.length === 0) return `from {{ source('raw', '${spec.sourceTable}') }} p0`;
  return spec.parents
    .map((parent, i) => (i === 0
      ? `from ${relation(parent, i)} ${alias(i)}`
      : `left join ${relation(parent, i)} ${alias(i)} on ${alias(i)}.id = p0.id`))
    .join('\n');
}

const jinjaRef = (all: readonly ModelSpec[]) => (parent: number) => `{{ ref('${all[parent].name}') }}`;

function amountSum(spec: ModelSpec): string {
  return aliases(spec).map((a) => `coalesce(${a}.amount, 0)`).join('\n        + ');
}

function select(amount: string, updatedAt = 'p0.updated_at'): string {
  return `select\n    p0.id,\n    ${amount} as amount,\n    ${updatedAt} as updated_at\n`;
}

const varFilter = "where p0.updated_at >= cast('{{ var('start_date') }}' as timestamp)\n";

function renderPlain(spec: ModelSpec, all: readonly ModelSpec[]): string {
  const config = spec.withConfig ? `{{ config(materialized='table', tags=['${spec.folder.split('/')[1]}']) }}\n\n` : '';
  const where = spec.filtersByVar ? varFilter : '';
  return `${config}${description(spec)}\n${select(amountSum(spec))}${fromClause(spec, jinjaRef(all))}\n${where}`;
}

function renderMacroModel(spec: ModelSpec, all: readonly ModelSpec[]): string {
  const amount = `{{ normalize_amount('${amountSum(spec).replace(/\n\s+/g, ' ')}') }}`;
  const where = spec.filtersByVar ? `where {{ since_start('p0.updated_at') }}\n` : '';
  return `${description(spec)}\n${select(amount, "{{ truncate_time('p0.updated_at', 'hour') }}")}`
    + `${fromClause(spec, jinjaRef(all))}\n${where}`;
}

function renderControlFlow(spec: ModelSpec, all: readonly ModelSpec[]): string {
  const list = aliases(spec).map((a) => `'${a}'`).join(', ');
  const amount = "{% for a in upstream %}coalesce({{ a }}.amount, 0){% if not loop.last %} + {% endif %}{% endfor %}";
  return `{# Sums the amount of every upstream relation. #}\n{% set upstream = [${list}] %}\n\n${description(spec)}\n`
    + `${select(amount)}${fromClause(spec, jinjaRef(all))}\n`
    + `{% if not var('include_refunds', false) %}\nwhere p0.amount >= 0\n{% endif %}\n`;
}

function renderIncremental(spec: ModelSpec, all: readonly ModelSpec[]): string {
  return `{{ config(materialized='incremental', unique_key='id') }}\n\n${description(spec)}\n`
    + `${select(amountSum(spec))}${fromClause(spec, jinjaRef(all))}\n`
    + '{% if is_incremental() %}\nwhere p0.updated_at > (select max(updated_at) from {{ this }})\n{% endif %}\n';
}

/** Dotted path of a model for `-- @import:`: `models.staging.finance.stg_finance_00042`. */
export function importPath(spec: ModelSpec): string {
  return `models.${spec.folder.split('/').join('.')}.${spec.name}`;
}

function renderPragma(spec: ModelSpec, all: readonly ModelSpec[]): string {
  const header: string[] = [];
  if (spec.incremental) header.push("-- @config: materialized='incremental', unique_key='id'");
  else if (spec.withConfig) header.push("-- @config: materialized='table', tags=['pragma']");
  spec.parents.forEach((parent, i) => header.push(`-- @import: u${i} = ${importPath(all[parent])}`));
  const body = `${select(amountSum(spec))}${fromClause(spec, (_parent, i) => `:u${i}`)}\n`;
  const incremental = spec.incremental
    ? '#if is_incremental\nwhere p0.updated_at > (select max(updated_at) from :this)\n#endif\n'
    : '';
  return `${header.join('\n')}\n\n${description(spec)}\n${body}${incremental}`;
}
