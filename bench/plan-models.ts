import { Prng } from './prng.js';

/**
 * What each synthetic model is, decided before any SQL is written. Kinds are dealt out in fixed
 * proportions and shuffled, so even a small project has the full mix; parents are always earlier
 * models, so the graph has no cycles.
 */
export type ModelKind =
  /** Jinja with ref / source / config / var only (the compiler's fast path). */
  | 'plain'
  /** Jinja calling macros from macros/. */
  | 'macro'
  /** Jinja control flow: `{% set %}` and `{% for %}` with `loop.last`, `{% if var(...) %}`. */
  | 'control'
  /** Jinja incremental model: `config(materialized='incremental')` and `{% if is_incremental() %}`. */
  | 'incremental'
  /** Header pragmas: `-- @import:` of earlier models, `:alias` references, sometimes `#if is_incremental`. */
  | 'pragma';

export interface ModelSpec {
  index: number;
  /** Unique, ends in the zero-padded index: `stg_finance_00042`. */
  name: string;
  /** Folder under models/, posix: `staging/finance`. */
  folder: string;
  kind: ModelKind;
  /** Indexes of the models it reads, ascending, all smaller than `index`. Empty: it reads a source table. */
  parents: number[];
  /** The source table read when there are no parents. */
  sourceTable: string;
  /** Writes `config(...)` / `-- @config:` (always for incremental models). */
  withConfig: boolean;
  /** Pragma models only: incremental, with `#if is_incremental`. */
  incremental: boolean;
  /** Filters on `var('start_date')`. */
  filtersByVar: boolean;
}

export const MAX_PARENTS = 15;

/** Share of each kind; the rest are plain. */
export const KIND_SHARES: Readonly<Record<Exclude<ModelKind, 'plain'>, number>> = {
  pragma: 0.1,
  macro: 0.1,
  control: 0.12,
  incremental: 0.08,
};

export const LAYERS = [
  { folder: 'staging', prefix: 'stg' },
  { folder: 'intermediate', prefix: 'int' },
  { folder: 'marts', prefix: 'fct' },
  { folder: 'reports', prefix: 'rpt' },
] as const;

export const DOMAINS = ['finance', 'growth', 'product', 'operations', 'risk'] as const;

export const SOURCE_TABLES = ['events', 'orders', 'payments', 'sessions'] as const;

export function planModels(count: number, seed: number): ModelSpec[] {
  const prng = new Prng(seed);
  const kinds = dealKinds(count, prng);
  const width = Math.max(5, String(count - 1).length);
  const specs: ModelSpec[] = [];
  for (let index = 0; index < count; index++) {
    const kind = kinds[index];
    const layer = LAYERS[Math.min(LAYERS.length - 1, Math.floor((index * LAYERS.length) / count))];
    const domain = prng.pick(DOMAINS);
    const wanted = prng.int(kind === 'pragma' ? 1 : 0, MAX_PARENTS);
    specs.push({
      index,
      name: `${layer.prefix}_${domain}_${String(index).padStart(width, '0')}`,
      folder: `${layer.folder}/${domain}`,
      kind,
      parents: prng.sample(index, wanted),
      sourceTable: prng.pick(SOURCE_TABLES),
      withConfig: kind === 'incremental' || prng.chance(0.3),
      incremental: kind === 'pragma' && prng.chance(0.3),
      filtersByVar: prng.chance(0.25),
    });
  }
  return specs;
}

/** Kinds in the proportions of KIND_SHARES, shuffled; the first model is plain (a pragma model needs an import). */
function dealKinds(count: number, prng: Prng): ModelKind[] {
  const rest: ModelKind[] = [];
  for (const [kind, share] of Object.entries(KIND_SHARES) as [ModelKind, number][]) {
    for (let i = Math.round((count - 1) * share); i > 0; i--) rest.push(kind);
  }
  while (rest.length < count - 1) rest.push('plain');
  return count === 0 ? [] : ['plain', ...prng.shuffle(rest.slice(0, count - 1))];
}
