import { physicalName, physicalSchema } from '../plan/physical-relation.js';
import type { Target } from '../project/project-types.js';
import { environmentRelation } from '../run/environment-schema.js';
import { environmentSchemas } from '../run/environment-views.js';
import type { RelationInfo, WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import type { DriftInputs } from './drift-inputs.js';
import type { DriftReport } from './drift-types.js';
import { builtModels, orphanedRelations, referencedVersions } from './orphaned-relations.js';
import { physicalReferences } from './physical-reference.js';

/**
 * Compares what the state database says an environment has (its manifest's models: a view each, over the
 * physical relation of its fingerprint, or of the fingerprint its last deploy built: see DriftInputs.lastDeploy)
 * with the warehouse: missing views and physical relations, views
 * reading another version (stale), views over the physical schema of no manifest model (unexpected), and
 * physical relations no environment's manifest references, nor any environment's last deploy built for its
 * run-time models, nor any view of the warehouse reads (orphaned: informational, not drift; orphanedRelations,
 * which `amp-dbt prune` drops).
 */
export async function detectDrift(warehouse: WarehouseAdapter, target: Target, inputs: DriftInputs): Promise<DriftReport> {
  const environment = inputs.environment.name;
  const physical = physicalSchema(target);
  const models = builtModels(inputs.manifest.models);
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
  const referenced = referencedVersions(inputs.environments);
  report.unrecordedEnvironments = inputs.environments.filter((e) => !e.manifest).map((e) => e.name);
  for (const v of report.runTime) referenced.add(v.built.slice(physical.length + 1));
  // A relation any view of the warehouse reads is in use, whatever this state database says (a stale view's,
  // another state database's environment, a view someone wrote): dropping it would break that view.
  for (const r of orphanedRelations(physical, physicalRelations, await warehouse.listViews(), referenced)) {
    report.orphaned.push({ relation: `${physical}.${r.name}`, kind: r.kind });
  }
  report.drift = report.missing.length + report.stale.length + report.unexpected.length > 0;
  return report;
}
