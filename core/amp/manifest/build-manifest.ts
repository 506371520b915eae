import type { CompiledModel } from '../../compile/compiled-model.js';
import { CompileError } from '../../errors.js';
import { DATASET_NAME, NAMESPACE, fingerprintVersion, isRegistered } from '../amp-naming.js';
import { DependencyAliases } from './dependency-aliases.js';
import { manifestSql, type ManifestSqlContext } from './manifest-sql.js';
import type { ArrowField, DerivedManifest, ManifestDraft } from './manifest-types.js';

/** A draft, or the errors that keep the model from being registered. */
export type DraftResult = { draft: ManifestDraft; errors: [] } | { draft: null; errors: CompileError[] };

/**
 * The manifest draft of a registered model: its table's SQL over dependency aliases, its dependencies
 * (external datasets and sources as declared, registered parents at their fingerprints' versions) and
 * the version its fingerprint registers as. Pure: nothing is asked of the server. With
 * `context.inlineParents` the parents are inlined instead (what `compile --check` validates before they
 * are registered).
 */
export function manifestDraft(model: CompiledModel, context: ManifestSqlContext): DraftResult {
  const errors: CompileError[] = [];
  if (!NAMESPACE.test(context.namespace)) {
    errors.push(new CompileError('invalid-amp-name', `Amp namespace '${context.namespace}' may hold only lower-case letters, digits and '_'`,
      { location: { file: model.path }, hint: "set 'namespace' of the amp target in profiles.yml" }));
  }
  if (!DATASET_NAME.test(model.name)) {
    errors.push(new CompileError('invalid-amp-name', `model name '${model.name}' cannot be an Amp dataset name (lower-case letters, digits and '_', not starting with a digit)`,
      { location: { file: model.path }, hint: `rename the file, or set register: false on '${model.name}'` }));
  }
  const aliases = new DependencyAliases();
  const sql = manifestSql(model, context, aliases, errors);
  if (errors.length) return { draft: null, errors };
  const dependencies = aliases.toRecord();
  const referenced = new Set(Object.values(dependencies));
  const parents = [...context.models.values()]
    .filter((m) => isRegistered(m) && referenced.has(`${context.namespace}/${m.name}@${fingerprintVersion(m.fingerprint)}`))
    .map((m) => m.name);
  return {
    draft: {
      model: model.name, namespace: context.namespace, version: fingerprintVersion(model.fingerprint), fingerprint: model.fingerprint,
      dependencies, parents, sql,
    },
    errors: [],
  };
}

/** The complete manifest of a draft, with the table's columns (from POST /schema). */
export function completeManifest(draft: ManifestDraft, fields: ArrowField[]): DerivedManifest {
  return {
    kind: 'manifest',
    dependencies: draft.dependencies,
    tables: { [draft.model]: { input: { sql: draft.sql }, schema: { arrow: { fields } } } },
    functions: {},
  };
}

/** The POST /schema request that infers a draft's table schema (and validates its SQL on the server). */
export function schemaRequest(draft: ManifestDraft): { dependencies: Record<string, string>; tables: Record<string, string> } {
  return { dependencies: draft.dependencies, tables: { [draft.model]: draft.sql } };
}
