import type { CompileResult } from '../compile/compile-project.js';
import type { Diagnostics } from '../errors.js';
import { ampNamespace, isRegistered } from './amp-naming.js';
import { checkIncrementalSql } from './incremental/check-incremental-sql.js';
import { manifestDraft } from './manifest/build-manifest.js';
import type { ManifestDraft } from './manifest/manifest-types.js';

/**
 * The registration side of compiling for Amp: checks that every registered model among `names` has
 * incremental SQL and can be a derived dataset, and builds its manifest draft. Problems (with file, line
 * and column) go to `diagnostics`; models with problems get no draft. Ad-hoc models (register: false)
 * are not checked: they run as queries.
 */
export function compileForAmp(result: CompileResult, names: Iterable<string>, diagnostics: Diagnostics): Map<string, ManifestDraft> {
  const wanted = [...names];
  const failed = checkIncrementalSql(result, diagnostics, wanted);
  const namespace = ampNamespace(result.target);
  const drafts = new Map<string, ManifestDraft>();
  for (const name of wanted) {
    const model = result.byName.get(name);
    if (!model || !isRegistered(model) || failed.has(name)) continue;
    const out = manifestDraft(model, { namespace, models: result.byName, sources: result.sources, files: result.sqlContext.files });
    for (const error of out.errors) diagnostics.add(error.toDiagnostic());
    if (out.draft) drafts.set(name, out.draft);
  }
  return drafts;
}
