import { physicalName } from '../plan/physical-relation.js';
import type { ManifestModel } from '../state/state-types.js';
import type { RelationInfo } from '../warehouse/warehouse-adapter.js';
import type { EnvironmentVersions } from './environment-versions.js';
import { physicalReferences } from './physical-reference.js';

/** The models of a manifest that have a physical relation (ephemeral ones are inlined, never built). */
export const builtModels = (models: readonly ManifestModel[]): ManifestModel[] => models.filter((m) => m.materialized !== 'ephemeral');

/**
 * The physical relation names (`<model>__<fp12>`) the state database says are in use: every model of each
 * recorded manifest, and what each last deploy built in place of the recording's version (run_started_at
 * models: their views read it). Environments without a manifest add only what their last deploy built.
 */
export function referencedVersions(environments: readonly EnvironmentVersions[]): Set<string> {
  const referenced = new Set<string>();
  for (const e of environments) {
    for (const m of builtModels(e.manifest?.models ?? [])) referenced.add(physicalName(m.name, m.fingerprint));
    for (const [model, fingerprint] of e.deployed ?? []) referenced.add(physicalName(model, fingerprint));
  }
  return referenced;
}

/**
 * The relations of the physical schema nothing keeps: not `referenced`, and read by no view of the
 * warehouse that is itself kept (a view outside the physical schema: an environment's of any state
 * database, a user's own; or a kept physical view, a view model's version). A physical view only orphaned
 * relations read does not keep what it reads, so a chain of unused versions is orphaned whole.
 */
export function orphanedRelations(
  physicalSchema: string, physicalRelations: readonly RelationInfo[], views: readonly RelationInfo[], referenced: ReadonlySet<string>,
): RelationInfo[] {
  const kept = new Set(referenced);
  const readsOf = new Map<string, string[]>();
  for (const view of views) {
    // A physical view's definition (DuckDB's CREATE VIEW statement) names the view itself: not a reader of it.
    const reads = physicalReferences(view.definition ?? '', physicalSchema).filter((n) => view.schema !== physicalSchema || n !== view.name);
    if (view.schema === physicalSchema) readsOf.set(view.name, reads);
    else for (const name of reads) kept.add(name);
  }
  const pending = [...kept];
  while (pending.length) {
    for (const name of readsOf.get(pending.pop()!) ?? []) {
      if (!kept.has(name)) { kept.add(name); pending.push(name); }
    }
  }
  return physicalRelations.filter((r) => !kept.has(r.name));
}
