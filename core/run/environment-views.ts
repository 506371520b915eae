import { environmentRelation } from './environment-schema.js';
import type { Target } from '../project/project-types.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import { physicalName, physicalSchema } from '../plan/physical-relation.js';
import type { ModelConfig } from '../project/project-types.js';
import { createEnvironmentView, isEnvironmentView, replaceEnvironmentView, viewKey } from './environment-view-mark.js';
import { RunError } from './run-error.js';

/** A model as an environment shows it: what the view is called and which version it reads. */
export interface ViewedModel {
  name: string;
  config: ModelConfig;
  materialized: string;
  fingerprint: string;
}

export interface ViewSwap {
  /** Views created or repointed (views already reading the right version are left alone). */
  updated: number;
  /** Views of models the environment no longer has, dropped. */
  dropped: string[];
}

export interface SwapOptions {
  /** Models whose views are left as they are (not built by this run). */
  keep?: readonly ViewedModel[];
  /** Models whose schemas are searched for views to drop too (an environment's current models). */
  scan?: readonly ViewedModel[];
}

/** Schemas an environment's views live in (the target schema and custom schemas), sorted. */
export function environmentSchemas(models: readonly ViewedModel[], target: Target, environment: string): string[] {
  const schemas = new Set([environmentRelation({ name: '', config: {} }, target, environment).schema]);
  for (const m of models) schemas.add(environmentRelation(m, target, environment).schema);
  return [...schemas].sort();
}

/**
 * Where the views of `models` are in each of `environments` (viewKey of each): how isEnvironmentView knows
 * the views amp-dbt made before they had the `amp_dbt_view` alias.
 */
export function modelViewKeys(models: readonly { name: string; config: ModelConfig }[], target: Target, environments: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const environment of environments) {
    for (const m of models) {
      const r = environmentRelation(m, target, environment);
      keys.add(viewKey(r.schema, r.identifier));
    }
  }
  return keys;
}

/**
 * Refuses an environment whose views would live in a schema name over 63 bytes: PostgreSQL cuts longer names,
 * so two environments whose names differ past the cut would share a schema. deployRun and plan check this
 * before anything is built; swapEnvironmentViews again where it makes the views (promote, rollback).
 */
export function checkEnvironmentSchemas(models: readonly ViewedModel[], target: Target, environment: string): void {
  checkSchemaNames(environmentSchemas(models.filter((m) => m.materialized !== 'ephemeral'), target, environment), environment);
}

function checkSchemaNames(schemas: readonly string[], environment: string): void {
  const tooLong = schemas.find((schema) => Buffer.byteLength(schema) > 63);
  if (tooLong) {
    throw new RunError('invalid-environment-name', `environment '${environment}' would have its views in schema ${tooLong}, longer than 63 bytes (what PostgreSQL keeps of a name)`, {
      hint: 'use a shorter environment name',
    });
  }
}

/**
 * Points an environment's views at the physical relations of `models` (one transaction: readers see the old
 * environment or the new one), and drops views of models it no longer has. Only views amp-dbt made
 * (isEnvironmentView) are ever dropped or replaced: other objects in the schemas (seeds, a user's tables, a
 * view someone wrote over the physical schema) are left alone.
 */
export async function swapEnvironmentViews(
  adapter: WarehouseAdapter, target: Target, environment: string, models: readonly ViewedModel[], options: SwapOptions = {},
): Promise<ViewSwap> {
  const { dialect } = adapter;
  const physical = physicalSchema(target);
  const shown = models.filter((m) => m.materialized !== 'ephemeral');
  const keep = options.keep ?? [];
  const schemas = environmentSchemas([...shown, ...(options.scan ?? [])], target, environment);
  checkSchemaNames(schemas, environment);
  for (const schema of schemas) await adapter.ensureSchema(schema);
  const wanted = new Map(shown.map((m) => { const r = environmentRelation(m, target, environment); return [viewKey(r.schema, r.identifier), m]; }));
  const kept = modelViewKeys(keep, target, [environment]);
  // Views without the alias (made before it) are the environment's where one of its models' views is.
  const modelViews = modelViewKeys([...shown, ...keep, ...(options.scan ?? [])], target, [environment]);
  const existing = new Map<string, { kind: string; owned: boolean; definition: string }>();
  for (const schema of schemas) {
    for (const r of await adapter.listRelations(schema)) {
      existing.set(viewKey(schema, r.name), { kind: r.kind, owned: isEnvironmentView(r, physical, modelViews), definition: r.definition ?? '' });
    }
  }
  const dropped: string[] = [];
  let updated = 0;
  const statements: string[] = [];
  for (const [key, m] of wanted) {
    const [schema, identifier] = key.split('\u0000');
    const found = existing.get(key);
    const view = dialect.relation(schema, identifier);
    if (found && !found.owned) {
      throw new RunError('relation-conflict', `${schema}.${identifier} already exists as a ${found.kind} amp-dbt did not create, so environment '${environment}' cannot show model '${m.name}' there`, {
        hint: `drop or rename ${schema}.${identifier}, or give '${m.name}' another alias`,
      });
    }
    const version = physicalName(m.name, m.fingerprint);
    if (found && found.definition.includes(version)) continue;
    // Replaced in place where the engine can: a view of someone else's reading it (a report over prod) stays valid.
    statements.push(found ? replaceEnvironmentView(dialect, view, physical, version) : createEnvironmentView(dialect, view, physical, version));
    updated++;
  }
  for (const [key, found] of existing) {
    if (!found.owned || wanted.has(key) || kept.has(key)) continue;
    const [schema, identifier] = key.split('\u0000');
    statements.push(`DROP VIEW ${dialect.relation(schema, identifier)}`);
    dropped.push(`${schema}.${identifier}`);
  }
  // One batch in one transaction: readers see the old environment or the new one, and a thousand views
  // cost one round trip.
  if (statements.length) {
    await adapter.transaction((s) => s.execute(statements.join(';\n'))).catch((error: unknown) => {
      throw dependentViewsError(error, environment) ?? error;
    });
  }
  return { updated, dropped };
}

/**
 * PostgreSQL refusing to drop an environment's view that views of someone else read (SQLSTATE 2BP01, a
 * reporting view over `prod`, say): its own hint (DROP ... CASCADE) would drop them. Said as what it is for
 * the environment, naming the dependants (PostgreSQL's DETAIL); the views were left as they were.
 */
function dependentViewsError(error: unknown, environment: string): RunError | undefined {
  const cause = (error as { cause?: { code?: string; message?: string; detail?: string } } | null)?.cause;
  if (cause?.code !== '2BP01') return undefined;
  const dependants = (cause.detail ?? '').split('\n').filter(Boolean).join('; ');
  return new RunError('view-has-dependents', `environment '${environment}' was left as it was: amp-dbt drops its views to remove them, or to repoint one at a version whose columns differ from the old one's (not only added at the end), and PostgreSQL says: ${cause.message ?? ''}${dependants ? ` (${dependants})` : ''}`, {
    hint: 'drop the views that read it (and create them again afterwards), or have them read another environment\'s schema; amp-dbt never drops objects it did not create',
    cause: error,
  });
}
