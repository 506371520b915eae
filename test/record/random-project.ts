/**
 * A small dbt-style project generated from a seed, and random edits of it, for the randomized equivalence test
 * of incremental work (state record of a commit from its recorded ancestor, partial compilation of the working
 * tree) with full work. The project is a plain description (ProjectState) rendered to files: an edit changes the
 * description, and the files that differ are committed.
 */
import { stringify } from 'yaml';
import type { Random } from './seeded-random.js';

type Materialized = 'view' | 'table' | 'ephemeral' | 'incremental';
const MATERIALIZATIONS: Materialized[] = ['view', 'table', 'ephemeral', 'incremental'];

export interface ModelSpec {
  name: string;
  folder: string;
  style: 'fast' | 'jinja' | 'pragma';
  /** Models it reads (earlier in `order`: no cycles). */
  parents: string[];
  /** A source table it reads (fast and jinja models). */
  source?: string;
  materialized?: Materialized;
  /** A number in the body: a body edit changes it. */
  body: number;
  /** The text of a leading comment: a comment-only edit changes it. */
  comment: number;
  macro?: 'money' | 'outer_x';
  /** A var it reads (with a default, or without). */
  readsVar?: { name: string; withDefault: boolean };
  readsEnv?: boolean;
  readsTarget?: boolean;
  readsSeed?: boolean;
  /** A ref of a model that does not exist (an error, fixed by the next edit). */
  broken?: boolean;
  /** `enabled=false` in its own config. */
  disabled?: boolean;
  /** An alias of its own (`config(alias=...)`, `@config: alias=...`). */
  alias?: boolean;
  /** Pragma models: a `#if target.name == 'dev'` block. */
  targetBlock?: boolean;
  /** A singular test in tests/ reads it. */
  tested?: boolean;
  /** A header pragma after its SQL (not read: a warning at every compile). */
  latePragma?: boolean;
}

export interface PropertySpec {
  description?: string;
  tests?: boolean;
  columns?: number;
  tags?: string[];
  materialized?: Materialized;
  /** A config written in Jinja reading a var. */
  jinjaTag?: boolean;
  /** A config written in Jinja calling a macro. */
  jinjaMacro?: boolean;
  /** The description is a docs block (`{{ doc('about_models') }}`). */
  docs?: boolean;
}

export interface ProjectState {
  models: ModelSpec[];
  properties: Record<string, PropertySpec>;
  folders: Record<string, { materialized?: Materialized; tags?: string[]; schemaVar?: boolean; ownerMacro?: boolean }>;
  vars: Record<string, unknown>;
  macros: { moneyDigits: number; innerAdd: number; unused: number; extra: boolean; naming: number };
  sourceTables: string[];
  sourceDescription: number;
  /** The text of the docs block property files name. */
  docs: number;
  /** seeds/countries.csv (read with ref() by models with readsSeed): its rows and columns change with the number. */
  seed: 'absent' | number;
  /** `column_types` of countries in seeds/_seeds.yml (they count in its readers' fingerprints). */
  seedTypes?: boolean;
  /** seeds/raw/payments.csv, filling the declared source table raw.payments: source data, in no fingerprint. */
  rawSeed?: number;
  /** A property file with bad YAML (an error, fixed by the next edit). */
  badYaml?: boolean;
  counter: number;
}

const BASE_FOLDERS = ['staging', 'intermediate', 'marts', 'marts/finance', 'reports'];

export function generateState(random: Random, count: number): ProjectState {
  const state: ProjectState = {
    models: [],
    properties: {},
    folders: {
      staging: { tags: ['staging'] },
      intermediate: { materialized: 'ephemeral' },
      marts: { materialized: 'table', tags: ['marts'] },
      'marts/finance': { schemaVar: true },
      reports: { ownerMacro: true },
    },
    vars: { rate: 2, region: 'eu', flag: true, limit_n: 10, label: "{{ var('region') }}_label", team: 'data' },
    macros: { moneyDigits: 2, innerAdd: 1, unused: 0, extra: false, naming: 1 },
    sourceTables: ['orders', 'customers', 'payments', 'refunds'],
    sourceDescription: 0,
    docs: 0,
    seed: 1,
    counter: 0,
  };
  for (let i = 0; i < count; i++) state.models.push(newModel(random, state, random.pick(BASE_FOLDERS)));
  for (const model of state.models) if (random.chance(0.3)) state.properties[model.name] = randomProperties(random);
  return state;
}

export function newModel(random: Random, state: ProjectState, folder: string): ModelSpec {
  const name = `m${state.counter++}_${folder.replace(/\W/g, '_')}`;
  const candidates = state.models.filter((m) => !m.broken).map((m) => m.name);
  const parentCount = candidates.length === 0 ? 0 : random.int(Math.min(3, candidates.length) + 1);
  const parents = new Set<string>();
  for (let i = 0; i < parentCount; i++) parents.add(random.pick(candidates));
  const style = parents.size === 0 ? random.pick(['fast', 'jinja'] as const) : random.pick(['fast', 'fast', 'jinja', 'pragma'] as const);
  const spec: ModelSpec = { name, folder, style, parents: [...parents], body: random.int(100), comment: random.int(100) };
  if (parents.size === 0 || random.chance(0.2)) spec.source = random.pick(state.sourceTables);
  if (random.chance(0.4)) spec.materialized = random.pick(MATERIALIZATIONS);
  if (style === 'jinja') {
    if (random.chance(0.6)) spec.macro = random.pick(['money', 'outer_x'] as const);
    spec.readsEnv = random.chance(0.2);
    spec.readsTarget = random.chance(0.3);
  }
  if (random.chance(0.4)) spec.readsVar = { name: random.pick(['rate', 'region', 'flag', 'limit_n', 'label', 'team']), withDefault: random.chance(0.7) };
  if (style !== 'pragma' && state.seed !== 'absent' && random.chance(0.1)) spec.readsSeed = true;
  spec.alias = random.chance(0.1);
  spec.targetBlock = style === 'pragma' && random.chance(0.3);
  spec.tested = random.chance(0.1);
  return spec;
}

export function randomProperties(random: Random): PropertySpec {
  const spec: PropertySpec = {};
  if (random.chance(0.6)) spec.description = `about ${random.int(100)}`;
  if (random.chance(0.4)) spec.tests = true;
  if (random.chance(0.5)) spec.columns = 1 + random.int(2);
  if (random.chance(0.3)) spec.tags = [random.pick(['a', 'b', 'c'])];
  if (random.chance(0.2)) spec.materialized = random.pick(MATERIALIZATIONS);
  if (random.chance(0.15)) spec.jinjaTag = true;
  if (random.chance(0.15)) spec.jinjaMacro = true;
  if (random.chance(0.2)) spec.docs = true;
  return spec;
}

const modelPath = (model: ModelSpec) => `models/${model.folder}/${model.name}.sql`;
const importPath = (model: ModelSpec) => `models.${model.folder.split('/').join('.')}.${model.name}`;

function varExpression(read: NonNullable<ModelSpec['readsVar']>): string {
  return read.withDefault ? `var('${read.name}', 'none')` : `var('${read.name}')`;
}

function renderModel(model: ModelSpec, byName: Map<string, ModelSpec>): string {
  const lines: string[] = [];
  const settings = [
    ...(model.materialized ? [`materialized='${model.materialized}'`] : []),
    ...(model.disabled ? ['enabled=false'] : []),
    ...(model.alias ? [`alias='${model.name}_alias'`] : []),
  ];
  const config = settings.length > 0 ? settings.join(', ') : null;
  if (model.style === 'pragma') {
    if (config) lines.push(`-- @config: ${config}`);
    const aliases = model.parents.map((name, i) => {
      const parent = byName.get(name);
      lines.push(`-- @import: p${i} = ${parent ? importPath(parent) : `models.nowhere.${name}`}`);
      return `p${i}`;
    });
    lines.push(`-- note ${model.comment}`);
    lines.push(`SELECT p0.id, p0.amount + ${model.body} AS amount FROM :p0 p0`);
    for (const alias of aliases.slice(1)) lines.push(`LEFT JOIN :${alias} ${alias} ON ${alias}.id = p0.id`);
    lines.push('WHERE 1 = 1');
    if (model.readsVar) lines.push(`#if ${varExpression(model.readsVar)}`, `AND p0.id > ${model.body}`, '#endif');
    if (model.materialized === 'incremental') lines.push('#if is_incremental', 'AND p0.id > (SELECT max(id) FROM :this)', '#endif');
    if (model.targetBlock) lines.push("#if target.name == 'dev'", 'AND p0.id < 1000', '#else', 'AND p0.id < 10', '#endif');
    if (model.broken) lines.push('-- broken');
    return `${lines.join('\n')}\n`;
  }
  if (config) lines.push(`{{ config(${config}) }}`);
  lines.push(`-- note ${model.comment}`);
  const from = model.parents.length > 0 ? `{{ ref('${model.parents[0]}') }}` : `{{ source('raw', '${model.source}') }}`;
  const columns = ['p0.id', `p0.amount + ${model.body} as amount`];
  if (model.readsVar) columns.push(`'{{ ${varExpression(model.readsVar)} }}' as v`);
  if (model.style === 'jinja') {
    if (model.macro === 'money') columns.push("{{ money('p0.amount') }} as money");
    if (model.macro === 'outer_x') columns.push("{{ outer_x('p0.amount') }} as outer_amount");
    if (model.readsEnv) columns.push(`'{{ env_var('REGION', 'eu') }}' as region`);
    if (model.readsTarget) columns.push("'{{ target.name }}' as target_name");
    lines.push("{% set extra = ['a', 'b'] %}");
    columns.push("{% for c in extra %}'{{ c }}' as col_{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}");
  }
  lines.push(`select ${columns.join(', ')}`);
  lines.push(`from ${from} p0`);
  model.parents.slice(1).forEach((name, i) => lines.push(`left join {{ ref('${name}') }} p${i + 1} on p${i + 1}.id = p0.id`));
  if (model.source && model.parents.length > 0) lines.push(`left join {{ source('raw', '${model.source}') }} s on s.id = p0.id`);
  if (model.readsSeed) lines.push("cross join (select count(*) as n from {{ ref('countries') }}) c");
  if (model.broken) lines.push("left join {{ ref('nowhere_at_all') }} x on x.id = p0.id");
  lines.push('where 1 = 1');
  if (model.materialized === 'incremental') lines.push('{% if is_incremental() %}and p0.id > (select max(id) from {{ this }}){% endif %}');
  if (model.latePragma) lines.push("-- @config: materialized='table'");
  return `${lines.join('\n')}\n`;
}

function yamlValue(value: unknown): string {
  return JSON.stringify(value);
}

function renderProject(state: ProjectState): string {
  const tree: Record<string, unknown> = { '+materialized': 'view' };
  for (const [folder, config] of Object.entries(state.folders).sort(([a], [b]) => (a < b ? -1 : 1))) {
    let level = tree;
    for (const part of folder.split('/')) level = (level[part] ??= {}) as Record<string, unknown>;
    if (config.materialized) level['+materialized'] = config.materialized;
    if (config.tags) level['+tags'] = config.tags;
    if (config.schemaVar) level['+schema'] = "{{ var('finance_schema', 'finance') }}";
    if (config.ownerMacro) level['+meta'] = { owner: "{{ owner_of('folder') }}" };
  }
  return stringify({ name: 'shop', version: '1.0.0', vars: state.vars, models: { shop: tree }, seeds: { shop: { '+schema': 'ref_data' } } });
}

function renderProperties(models: ModelSpec[], state: ProjectState): string | null {
  const entries = models.filter((m) => state.properties[m.name]);
  if (entries.length === 0) return null;
  const lines = ['version: 2', 'models:'];
  for (const model of entries) {
    const props = state.properties[model.name];
    lines.push(`  - name: ${model.name}`);
    if (props.description) lines.push(`    description: ${yamlValue(props.docs ? `{{ doc('about_models') }} ${props.description}` : props.description)}`);
    const config: string[] = [];
    if (props.tags) config.push(`      tags: ${yamlValue(props.tags)}`);
    if (props.materialized) config.push(`      materialized: ${props.materialized}`);
    if (props.jinjaTag || props.jinjaMacro) {
      config.push(`      meta: {${[props.jinjaTag ? `team: "{{ var('team', 'nobody') }}"` : '', props.jinjaMacro ? `owner: "{{ owner_of('model') }}"` : ''].filter(Boolean).join(', ')}}`);
    }
    if (config.length) lines.push('    config:', ...config);
    if (props.columns || props.tests) {
      lines.push('    columns:', '      - name: id', '        description: the id');
      if (props.tests) lines.push('        tests: [not_null]');
      if ((props.columns ?? 0) > 1) lines.push('      - name: amount', '        data_type: double');
    }
  }
  return `${lines.join('\n')}\n`;
}

function renderSources(state: ProjectState): string {
  const lines = ['version: 2', 'sources:', '  - name: raw', `    description: raw data ${state.sourceDescription}`, '    tables:'];
  for (const table of state.sourceTables) {
    lines.push(`      - name: ${table}`);
    // Where its data is comes from a macro (dbt renders a source's identifier as Jinja).
    if (table === 'refunds') lines.push(`        identifier: "{{ raw_identifier('refunds') }}"`);
  }
  return `${lines.join('\n')}\n`;
}

function renderMacros(state: ProjectState): Record<string, string> {
  const { macros } = state;
  const files: Record<string, string> = {
    'macros/money.sql': `{% macro money(c) %}round({{ c }} * {{ var('rate', 1) }}, ${macros.moneyDigits}){% endmacro %}\n`,
    'macros/chain.sql': `{% macro inner_x(c) %}({{ c }} + ${macros.innerAdd}){% endmacro %}\n{% macro outer_x(c) %}{{ inner_x(c) }}{% endmacro %}\n`,
    'macros/naming.sql': `{% macro raw_identifier(name) %}{{ name }}_v${macros.naming}{% endmacro %}\n{% macro owner_of(kind) %}{{ kind }}_${macros.naming % 2}{% endmacro %}\n`,
    'macros/unused.sql': `{% macro unused_${macros.unused % 3}() %}${macros.unused}{% endmacro %}\n`,
  };
  if (macros.extra) files['macros/extra.sql'] = "{% macro extra_one() %}{{ var('limit_n', 1) }}{% endmacro %}\n";
  return files;
}

/** The countries seed's text for its number: one to three rows, and a population column for some numbers. */
function seedText(version: number): string {
  const population = version % 4 >= 2;
  const rows = [['de', 'Germany', 84], ['fr', 'France', 68], ['it', 'Italy', 59]].slice(0, 1 + (version % 3));
  const line = ([code, name, people]: (string | number)[]) => (population ? `${code},${name},${people}` : `${code},${name}`);
  return `code,name${population ? ',population' : ''}\n${rows.map(line).join('\n')}\n`;
}

/** Every file of the project, by path relative to the project folder. */
export function renderFiles(state: ProjectState): Record<string, string> {
  const byName = new Map(state.models.map((m) => [m.name, m]));
  const files: Record<string, string> = {
    'dbt_project.yml': renderProject(state),
    'models/staging/_sources.yml': renderSources(state),
    ...renderMacros(state),
  };
  for (const model of state.models) files[modelPath(model)] = renderModel(model, byName);
  const folders = new Set(state.models.map((m) => m.folder));
  for (const folder of folders) {
    const props = renderProperties(state.models.filter((m) => m.folder === folder), state);
    if (props) files[`models/${folder}/_props.yml`] = props;
  }
  if (state.seed !== 'absent') files['seeds/countries.csv'] = seedText(state.seed);
  if (state.seedTypes) files['seeds/_seeds.yml'] = 'version: 2\nseeds:\n  - name: countries\n    config:\n      column_types: {code: varchar}\n';
  if (state.rawSeed !== undefined) files['seeds/raw/payments.csv'] = `id,amount\n1,${state.rawSeed}\n`;
  if (state.badYaml) files['models/reports/_bad.yml'] = 'version: 2\nmodels: [\n  - name: x\n';
  files['models/docs.md'] = `{% docs about_models %}\nModels, version ${state.docs}.\n{% enddocs %}\n`;
  for (const model of state.models) {
    if (model.tested) files[`tests/assert_${model.name}.sql`] = `select * from {{ ref('${model.name}') }} where id is null\n`;
  }
  return files;
}
