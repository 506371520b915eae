import { orphanedRelations, referencedVersions } from '../drift/orphaned-relations.js';
import { physicalReferences } from '../drift/physical-reference.js';
import { physicalName } from '../plan/physical-relation.js';
import type { RelationInfo } from '../warehouse/warehouse-adapter.js';
import { isPhysicalVersionName, versionPrefix } from './physical-version-name.js';
import type { PruneInputs } from './prune-inputs.js';
import type { PrunedRelation, PrunePlan } from './prune-types.js';

export interface PrunePlanInput {
  physicalSchema: string;
  /** The relations of the physical schema. */
  relations: readonly RelationInfo[];
  /** Every view of the warehouse, with its definition. */
  views: readonly RelationInfo[];
  inputs: PruneInputs;
}

/**
 * Which physical relations no environment needs (no IO): those drift calls orphaned (orphanedRelations),
 * counting the versions of each environment's recent commits (--keep-history) as referenced too, and
 * named as amp-dbt names versions. Views are dropped before what they read, then tables.
 */
export function planPrune(input: PrunePlanInput): PrunePlan {
  const { physicalSchema, inputs } = input;
  const referenced = referencedVersions([...inputs.environments, ...inputs.history]);
  const orphans = orphanedRelations(physicalSchema, input.relations, input.views, referenced).filter((r) => isPhysicalVersionName(r.name));
  const models = modelsByPrefix(inputs);
  const drop = dropOrder(orphans, input.views, physicalSchema).map((r): PrunedRelation => {
    const model = models.get(versionPrefix(r.name));
    return {
      relation: `${physicalSchema}.${r.name}`, name: r.name, kind: r.kind,
      model: model?.name ?? null, incremental: r.kind === 'table' && model?.materialized === 'incremental',
    };
  });
  const unrecorded = (list: PruneInputs['environments']) => list.filter((e) => !e.manifest).map((e) => ({ environment: e.name, commit: e.commit }));
  return {
    physicalSchema, drop, kept: input.relations.length - drop.length,
    foreign: input.relations.filter((r) => !isPhysicalVersionName(r.name)).map((r) => r.name),
    keepHistory: inputs.keepHistory, unrecorded: unrecorded(inputs.environments), unrecordedHistory: unrecorded(inputs.history),
  };
}

/** Every model the manifests read name, by the start of its versions' names (`<model>__`), with its materialization. */
function modelsByPrefix(inputs: PruneInputs): Map<string, { name: string; materialized: string }> {
  const models = new Map<string, { name: string; materialized: string }>();
  for (const e of [...inputs.environments, ...inputs.history]) {
    for (const m of e.manifest?.models ?? []) models.set(versionPrefix(physicalName(m.name, m.fingerprint)), { name: m.name, materialized: m.materialized });
  }
  return models;
}

/** Views first, each before the views it reads (no relation is dropped while an orphaned view reads it), then tables. */
function dropOrder(orphans: readonly RelationInfo[], views: readonly RelationInfo[], physicalSchema: string): RelationInfo[] {
  const orphanViews = new Map(orphans.filter((r) => r.kind === 'view').map((r) => [r.name, r]));
  const readers = new Map<string, number>();
  const readsOf = new Map<string, string[]>();
  for (const v of views) {
    if (v.schema !== physicalSchema || !orphanViews.has(v.name)) continue;
    const reads = physicalReferences(v.definition ?? '', physicalSchema).filter((n) => n !== v.name && orphanViews.has(n));
    readsOf.set(v.name, reads);
    for (const n of reads) readers.set(n, (readers.get(n) ?? 0) + 1);
  }
  const ordered: RelationInfo[] = [];
  const ready = [...orphanViews.keys()].filter((n) => !readers.get(n));
  while (ready.length) {
    const name = ready.shift()!;
    ordered.push(orphanViews.get(name)!);
    for (const n of readsOf.get(name) ?? []) {
      readers.set(n, readers.get(n)! - 1);
      if (readers.get(n) === 0) ready.push(n);
    }
  }
  return [...ordered, ...orphans.filter((r) => r.kind === 'table')];
}
