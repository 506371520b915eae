import { normalizeSql } from '../sql/normalize-sql.js';
import { sqlOf, type ComparedSql, type DiffModel } from './compared-sql.js';
import type { ChangeKind, ChangeReason, ModelDiff, ValueChange } from './diff-types.js';
import { changedEntries, jsonEqual } from './json-equal.js';
import { modelDiffText } from './readable-sql.js';
import { sqlDiff } from './sql-diff.js';

/** What a model's change is judged against: both manifests, and the macro files and vars that changed. */
export interface ClassifyContext {
  baseByName: ReadonlyMap<string, DiffModel>;
  headByName: ReadonlyMap<string, DiffModel>;
  changedMacroFiles: readonly string[];
  changedVars: ReadonlyMap<string, ValueChange>;
  /** False: leave `sqlDiff` null (no text diffs computed). */
  sqlDiffs?: boolean;
  /** SQL of models that do not carry theirs (loadComparedSql). */
  sql?: ComparedSql;
}

/**
 * Nothing about the model differs: the cheap test that skips almost every model of a large project. The
 * definition id is the content address of everything recorded about a model but its fingerprint.
 */
export function isUnchanged(base: DiffModel, head: DiffModel): boolean {
  return base.fingerprint === head.fingerprint && base.definitionId === head.definitionId;
}

/** How one model differs, or null when it does not. */
export function classifyModel(base: DiffModel | undefined, head: DiffModel | undefined, context: ClassifyContext): ModelDiff | null {
  if (!base && !head) return null;
  if (!base || !head) return addedOrRemoved(base, head, context);
  if (isUnchanged(base, head)) return null;
  const facts = changeFacts(base, head, context);
  const kind = changeKind(base, head, facts);
  if (kind === null) return null;
  return {
    name: head.name,
    change: kind,
    reasons: kind === 'modified' ? modifiedReasons(facts) : unchangedDataReasons(facts),
    path: head.path,
    ...(base.path !== head.path ? { basePath: base.path } : {}),
    materialized: head.materialized,
    fingerprint: { base: base.fingerprint, head: head.fingerprint },
    changedParents: facts.changedParents,
    configChanges: facts.configChanges,
    varChanges: facts.varChanges,
    macroFiles: facts.macro ? [...context.changedMacroFiles] : [],
    sqlDiff: facts.textChanged && context.sqlDiffs !== false
      ? sqlDiff(base.path, head.path, modelDiffText(sqlOf(base, context.sql)), modelDiffText(sqlOf(head, context.sql))) : null,
  };
}

interface ChangeFacts {
  /** The model file's blob differs; null when either blob id is unknown. */
  fileChanged: boolean | null;
  textChanged: boolean;
  /** The normalised SQL differs (a token changed, not only comments or whitespace). */
  sqlChanged: boolean;
  /** The SQL changed while the file did not, and a macro file the model may use changed. */
  macro: boolean;
  configChanges: ValueChange[];
  columnsChanged: boolean;
  pathChanged: boolean;
  varChanges: ValueChange[];
  changedParents: string[];
}

function changeFacts(base: DiffModel, head: DiffModel, context: ClassifyContext): ChangeFacts {
  const fileChanged = base.blobId === null || head.blobId === null ? null : base.blobId !== head.blobId;
  const changedParents = head.refs.filter((parent) => context.baseByName.get(parent)?.fingerprint !== context.headByName.get(parent)?.fingerprint);
  const usedVars = new Set([...base.usedVars, ...head.usedVars]);
  const varChanges = [...usedVars].sort().flatMap((name) => context.changedVars.get(name) ?? []);
  // The same definition: only a parent can have changed (no SQL to read).
  if (base.definitionId === head.definitionId) return { ...SAME_DEFINITION, fileChanged, changedParents, varChanges };
  const [before, after] = [sqlOf(base, context.sql), sqlOf(head, context.sql)];
  const textChanged = before.canonicalSql !== after.canonicalSql || before.incrementalSql !== after.incrementalSql;
  const sqlChanged = textChanged && (normalizeSql(before.canonicalSql) !== normalizeSql(after.canonicalSql)
    || normalizeSql(before.incrementalSql ?? '') !== normalizeSql(after.incrementalSql ?? ''));
  const usesMacros = base.usedMacros.length > 0 || head.usedMacros.length > 0;
  return {
    fileChanged,
    textChanged,
    sqlChanged,
    macro: fileChanged === false && textChanged && usesMacros && context.changedMacroFiles.length > 0,
    configChanges: changedEntries(base.config, head.config),
    columnsChanged: !jsonEqual(base.columns, head.columns),
    pathChanged: base.path !== head.path,
    varChanges,
    changedParents,
  };
}

const SAME_DEFINITION = {
  textChanged: false, sqlChanged: false, macro: false, configChanges: [], columnsChanged: false, pathChanged: false,
} as const satisfies Omit<ChangeFacts, 'fileChanged' | 'changedParents' | 'varChanges'>;

function changeKind(base: DiffModel, head: DiffModel, facts: ChangeFacts): ChangeKind | null {
  if (base.fingerprint !== head.fingerprint) return 'modified';
  if (facts.configChanges.length > 0 || facts.columnsChanged || facts.pathChanged) return 'metadata-only';
  if (facts.textChanged || facts.fileChanged === true) return 'formatting-only';
  return null;
}

/** Why the fingerprint changed; `other` when none of the recorded facts explains it. */
function modifiedReasons(facts: ChangeFacts): ChangeReason[] {
  const reasons: ChangeReason[] = [];
  if (facts.sqlChanged) reasons.push(...textSources(facts));
  if (facts.configChanges.length > 0) reasons.push('config');
  if (facts.varChanges.length > 0 && !reasons.includes('var')) reasons.push('var');
  if (facts.changedParents.length > 0) reasons.push('upstream');
  if (reasons.length === 0) reasons.push('other');
  return sortReasons([...reasons, ...descriptiveReasons(facts)]);
}

/** Where a formatting-only or metadata-only change came from. */
function unchangedDataReasons(facts: ChangeFacts): ChangeReason[] {
  const reasons: ChangeReason[] = [];
  if (facts.textChanged) reasons.push(...textSources(facts));
  else if (facts.fileChanged === true && facts.configChanges.length === 0 && !facts.columnsChanged) reasons.push('body');
  if (facts.configChanges.length > 0) reasons.push('config');
  return sortReasons([...reasons, ...descriptiveReasons(facts)]);
}

/** What changed the SQL text: the model's own file, a macro, a var, or something else. */
function textSources(facts: ChangeFacts): ChangeReason[] {
  if (facts.fileChanged === true) return ['body'];
  if (facts.macro) return ['macro'];
  if (facts.varChanges.length > 0) return ['var'];
  return [facts.fileChanged === null ? 'body' : 'other'];
}

const REASON_ORDER: ChangeReason[] = ['body', 'config', 'macro', 'var', 'upstream', 'columns', 'path', 'other'];

function sortReasons(reasons: ChangeReason[]): ChangeReason[] {
  return REASON_ORDER.filter((reason) => reasons.includes(reason));
}

function descriptiveReasons(facts: ChangeFacts): ChangeReason[] {
  return [...(facts.columnsChanged ? ['columns' as const] : []), ...(facts.pathChanged ? ['path' as const] : [])];
}

function addedOrRemoved(base: DiffModel | undefined, head: DiffModel | undefined, context: ClassifyContext): ModelDiff {
  const withSql = context.sqlDiffs !== false;
  const text = (model: DiffModel | undefined) => (model ? modelDiffText(sqlOf(model, context.sql)) : '');
  const model = (head ?? base)!;
  return {
    name: model.name,
    change: head ? 'added' : 'removed',
    reasons: [],
    path: model.path,
    materialized: model.materialized,
    fingerprint: { base: base?.fingerprint ?? null, head: head?.fingerprint ?? null },
    changedParents: [],
    configChanges: [],
    varChanges: [],
    macroFiles: [],
    sqlDiff: withSql ? sqlDiff(base ? base.path : null, head ? head.path : null, text(base), text(head)) : null,
  };
}
