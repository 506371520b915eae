import { physicalName, physicalSchema } from '../plan/physical-relation.js';
import type { Target } from '../project/project-types.js';
import { environmentRelation } from '../run/environment-schema.js';
import { environmentSchemas } from '../run/environment-views.js';
import type { ManifestModel } from '../state/state-types.js';
import type { RelationInfo, WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import type { DriftInputs } from './drift-inputs.js';
import type { DriftReport } from './drift-types.js';
import { physicalReferences } from './physical-reference.js';

const built = (models: readonly ManifestModel[]) => models.filter((m) => m.materialized !== 'ephemeral');

/**
 * Compares what the state database says an environment has (its manifest's models: a view each, over the
 * physical relation of its fingerprint, or of the fingerprint its last deploy built: see DriftInputs.lastDeploy)
 * with the warehouse: missing views and physical relations, views
 * reading another version (stale), views over the physical schema of no manifest model (unexpected), and
 * physical relations no environment's manifest references, nor any environment's last deploy built for its
 * run-time models, nor any view of the warehouse reads (orphaned: informational, not drift).
 */
export async function detectDrift(warehouse: WarehouseAdapter, target: Target, inputs: DriftInputs): Promise<DriftReport> {
  const environment = inputs.environment.name;
  const physical = physicalSchema(target);
  const models = built(inputs.manifest.models);
  const schemas = environmentSchemas(models, target, environment);
  const relations = new Map<string, RelationInfo>();
  for (const schema of schemas) for (const r of await warehouse.listRelations(schema)) relations.set(`${schema}.${r.name}`, r);
  const physicalRelations = await warehouse.listRelations(physical);
  const physicalNames = new Set(physicalRelations.map((r) => r.name));
  const report: DriftReport = {
    environment, commit: inputs.environment.commit, physicalSchema: physical, schemas,
    missing: [], stale: [], runTime: [], unexpected: [], orphaned: [], unrecordedEnvironments: [], drift: false,
  };
  const expectedViews = new Set<string>();
  const deployed = inputs.lastDeploy;
  for (const model of models) {
    const r = environmentRelation(model, target, environment);
    const view = `${r.schema}.${r.identifier}`;
    const recorded = physicalName(model.name, model.fingerprint);
    // What the last deploy built: the recorded version, unless the model's SQL holds the run's start time.
    const builtFingerprint = deployed?.fingerprints.get(model.name) ?? model.fingerprint;
    const version = physicalName(model.name, builtFingerprint);
    const expected = `${physical}.${version}`;
    expectedViews.add(view);
    if (!physicalNames.has(version)) report.missing.push({ model: model.name, kind: 'physical', relation: expected });
    const found = relations.get(view);
    if (!found) {
      report.missing.push({ model: model.name, kind: 'view', relation: view });
      continue;
    }
    const reads = found.kind === 'view' ? physicalReferences(found.definition ?? '', physical) : [];
    if (reads.includes(version)) {
      if (version !== recorded) report.runTime.push({ model: model.name, view, built: expected, recorded: `${physical}.${recorded}`, runId: deployed!.runIds?.get(model.name) ?? deployed!.runId });
      continue;
    }
    const reason = found.kind !== 'view' ? `${view} is a table, not a view over ${physical}`
      : reads.length ? `${view} reads ${reads.map((n) => `${physical}.${n}`).join(', ')}` : `${view} does not read ${physical}`;
    report.stale.push({ model: model.name, view, expected, actual: reads.length ? `${physical}.${reads[0]}` : null, reason });
  }
  for (const [key, r] of relations) {
    if (r.kind !== 'view' || expectedViews.has(key)) continue;
    const reads = physicalReferences(r.definition ?? '', physical);
    if (reads.length) report.unexpected.push({ view: key, reads: reads.map((n) => `${physical}.${n}`) });
  }
  const referenced = new Set<string>();
  for (const e of inputs.environments) {
    if (!e.manifest) report.unrecordedEnvironments.push(e.name);
    else {
      for (const m of built(e.manifest.models)) {
        referenced.add(physicalName(m.name, m.fingerprint));
        // What its last deploy built in place of the recording's version (run_started_at): its views read it.
        const deployed = e.deployed?.get(m.name);
        if (deployed) referenced.add(physicalName(m.name, deployed));
      }
    }
  }
  for (const v of report.runTime) referenced.add(v.built.slice(physical.length + 1));
  // A relation any view of the warehouse reads is in use, whatever this state database says (a stale view's,
  // another state database's environment, a view someone wrote): dropping it would break that view.
  for (const r of await warehouse.listViews()) {
    // A physical view's definition (DuckDB's CREATE VIEW statement) names the view itself: not a reader of it.
    for (const name of physicalReferences(r.definition ?? '', physical)) if (r.schema !== physical || name !== r.name) referenced.add(name);
  }
  for (const r of physicalRelations) if (!referenced.has(r.name)) report.orphaned.push({ relation: `${physical}.${r.name}`, kind: r.kind });
  report.drift = report.missing.length + report.stale.length + report.unexpected.length > 0;
  return report;
}
