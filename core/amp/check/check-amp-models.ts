import type { CheckOutcome } from '../../check/check-models.js';
import type { CompileResult } from '../../compile/compile-project.js';
import type { Diagnostics } from '../../errors.js';
import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import { AmpAdminError } from '../../warehouse/amp/admin/admin-error.js';
import { AdapterError } from '../../warehouse/adapter-error.js';
import { ampNamespace, fingerprintVersion, isRegistered } from '../amp-naming.js';
import { compileForAmp } from '../compile-for-amp.js';
import { manifestDraft, schemaRequest } from '../manifest/build-manifest.js';
import type { ManifestDraft } from '../manifest/manifest-types.js';
import { checkDependencyDatasets } from '../run/dependency-datasets.js';
import { readServerVersions } from '../run/read-server-versions.js';
import { locateServerError } from './locate-server-error.js';

export interface CheckAmpInput {
  result: CompileResult;
  /** Selected models, topological order. */
  selected: readonly string[];
  admin: AdminClient;
  /** Runs SQL returning no rows (ad-hoc models are checked with it); without it they are skipped. */
  probe?: (sql: string) => Promise<void>;
  diagnostics: Diagnostics;
}

/** Whether every registered parent of a draft is on the server at its fingerprint's version. */
function parentsRegistered(draft: ManifestDraft, result: CompileResult, versions: Map<string, Map<string, string>>): boolean {
  return draft.parents.every((p) => versions.get(p)?.has(fingerprintVersion(result.byName.get(p)!.fingerprint)));
}

/**
 * `compile --target amp --check`: the registration checks (incremental SQL, names, parents), then each
 * registered model's SQL is validated by the server's POST /schema, as a derived table over its
 * registered parents when the server has them, else with its parents inlined. Ad-hoc models are run as
 * a query returning no rows. Server errors are diagnostics at the model's file.
 */
export async function checkAmpModels(input: CheckAmpInput): Promise<CheckOutcome> {
  const { result, admin, diagnostics } = input;
  const outcome: CheckOutcome = { passed: [], failed: [], skipped: [], notChecked: [], missingColumns: [], typeMismatches: [] };
  const drafts = compileForAmp(result, input.selected, diagnostics);
  const versions = await readServerVersions(admin, ampNamespace(result.target), drafts);
  // A dataset version the server does not have: an error where the dependency is written, not POST /schema's at line 1.
  const missingDependency = await checkDependencyDatasets(admin, result, drafts, diagnostics);
  const files = new Map(result.project.models.map((f) => [f.name, f]));
  const bad = new Set<string>();
  for (const name of input.selected) {
    const model = result.byName.get(name)!;
    if (model.materialized === 'ephemeral') continue;
    const failedParent = model.refs.find((p) => bad.has(p));
    if (failedParent) {
      outcome.notChecked.push({ model: name, because: `it reads '${failedParent}', which failed` });
      bad.add(name);
      continue;
    }
    const registered = isRegistered(model);
    let draft = drafts.get(name);
    if (registered && (!draft || missingDependency.has(name))) {
      outcome.failed.push(name);
      bad.add(name);
      continue;
    }
    if (!registered && !input.probe) {
      outcome.skipped.push({ model: name, reason: 'ad-hoc model (register: false) and no query connection' });
      continue;
    }
    try {
      if (registered) {
        if (!parentsRegistered(draft!, result, versions)) {
          draft = manifestDraft(model, { namespace: draft!.namespace, models: result.byName, sources: result.sources, files: result.sqlContext.files, inlineParents: true }).draft!;
        }
        await admin.analyzeSchema(schemaRequest(draft!));
      } else {
        await input.probe!(`SELECT * FROM (\n${result.targetSql(name)}\n) AS amp_dbt_check LIMIT 0`);
      }
      outcome.passed.push(name);
    } catch (error) {
      if (!(error instanceof AmpAdminError) && !(error instanceof AdapterError && error.code === 'sql-error')) throw error;
      const how = registered ? 'POST /schema' : 'Amp';
      diagnostics.error('amp-check', `'${name}' is rejected by ${how}: ${error.message}`, locateServerError(files.get(name), model.path, error.message), checkHint(error, registered));
      outcome.failed.push(name);
      bad.add(name);
    }
  }
  return outcome;
}

/** What to do about a rejection: a dependency the server does not have is not the SQL's fault. */
function checkHint(error: Error, registered: boolean): string {
  if (error instanceof AmpAdminError && /DEPENDENCY|DATASET_NOT_FOUND|NOT_FOUND/.test(error.errorCode ?? '')) {
    return "check the dataset references in 'dependencies' (or @import) and that those versions are on this server";
  }
  return registered ? 'fix the SQL, or set register: false to keep it an ad-hoc query' : 'fix the SQL';
}
