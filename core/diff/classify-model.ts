import { normalizeSql } from '../sql/normalize-sql.js';
import { dataConfig } from '../compile/fingerprint.js';
import { seedsReadBy } from '../compile/seeds-read-by.js';
import type { ModelSql } from '../state/state-types.js';
import { recordedColumns } from '../state/recorded-columns.js';
import { sqlOf, type ComparedSql, type DiffModel } from './compared-sql.js';
import { modifiedReasons, unchangedDataReasons, type ChangeFacts } from './change-reasons.js';
import type { ChangeKind, ChangeReason, ModelDiff, ValueChange } from './diff-types.js';
import { changedEntries, jsonEqual } from './json-equal.js';
import { modelDiffText } from './readable-sql.js';
import { sqlDiff } from './sql-diff.js';

/** What a model's change is judged against: the models, macro files and vars that changed. */
export interface ClassifyContext {
  /** Names whose fingerprint differs between base and head (or that are on one side only): changed parents. */
  changedFingerprints: ReadonlySet<string>;
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
  if (base.definitionId === head.definitionId) return sameDefinition(base, head, context);
  const facts = changeFacts(base, head, context);
  const kind = changeKind(base, head, facts);
  if (kind === null) return null;
  return {
    name: head.name,
    change: kind,
    reasons: kind === 'modified' ? modifiedReasons(facts) : unchangedDataReasons(facts),
    path: head.path,
    ...(base.path !== head.path ? { basePath: base.path } : {}),
    ...(facts.columnsChanged ? { columnChanges: changedColumns(base.columns, head.columns) } : {}),
    ...(kind === 'modified' && facts.seeds.length > 0 ? { seeds: facts.seeds } : {}),
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

/**
 * A model whose definition (text, config, file, path) is shared but whose fingerprint differs: only a parent
 * or a var it uses can have changed it, so it is `modified` with no SQL to read or config to compare. Most
 * models of a large diff are these (downstream of an edit), so this path allocates little.
 */
function sameDefinition(base: DiffModel, head: DiffModel, context: ClassifyContext): ModelDiff {
  const changedParents = changedParentsOf(head, context);
  const varChanges = changedVarsOf(base, head, context);
  // The common case, a changed parent only, shares one reasons array (every array of a diff is read-only).
  const reasons = varChanges.length === 0 && changedParents.length > 0
    ? UPSTREAM_ONLY : modifiedReasons({ ...SAME_DEFINITION, changedParents, varChanges });
  return {
    name: head.name,
    change: 'modified',
    reasons,
    path: head.path,
    materialized: head.materialized,
    fingerprint: { base: base.fingerprint, head: head.fingerprint },
    changedParents,
    configChanges: NONE,
    varChanges,
    macroFiles: NONE,
    sqlDiff: null,
  };
}

/** Shared by the models of a large diff (thousands are downstream of an edit): fewer objects to allocate and collect. */
const NONE: never[] = [];
const UPSTREAM_ONLY: ChangeReason[] = ['upstream'];

/** The facts of a shared definition: the file, text, config, columns and path are the same on both sides. */
const SAME_DEFINITION = {
  fileChanged: false, textChanged: false, sqlChanged: false, macro: false, configChanges: [], columnsChanged: false, pathChanged: false, seeds: [],
} as const satisfies Omit<ChangeFacts, 'changedParents' | 'varChanges'>;

function changedParentsOf(head: DiffModel, context: ClassifyContext): string[] {
  const changed: string[] = [];
  for (const parent of head.refs) if (context.changedFingerprints.has(parent)) changed.push(parent);
  return changed;
}

/** The changed vars either side uses, by name. */
function changedVarsOf(base: DiffModel, head: DiffModel, context: ClassifyContext): ValueChange[] {
  if (context.changedVars.size === 0) return NONE;
  const usedVars = new Set([...base.usedVars, ...head.usedVars]);
  return [...usedVars].sort().flatMap((name) => context.changedVars.get(name) ?? []);
}

/** Names of the declared columns added, removed or changed (type, description, tests ...), sorted. */
function changedColumns(base: readonly unknown[], head: readonly unknown[]): string[] {
  const byName = (columns: readonly unknown[]) => new Map(recordedColumns(columns).map((column, i) => {
    const name = (column as { name?: unknown } | null)?.name;
    return [typeof name === 'string' ? name : `#${i + 1}`, JSON.stringify(column)] as const;
  }));
  const [before, after] = [byName(base), byName(head)];
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

function changeFacts(base: DiffModel, head: DiffModel, context: ClassifyContext): ChangeFacts {
  const fileChanged = base.blobId === null || head.blobId === null ? null : base.blobId !== head.blobId;
  const changedParents = changedParentsOf(head, context);
  const varChanges = changedVarsOf(base, head, context);
  const [before, after] = [sqlOf(base, context.sql), sqlOf(head, context.sql)];
  const textChanged = before.canonicalSql !== after.canonicalSql || before.incrementalSql !== after.incrementalSql;
  const sqlChanged = textChanged && (normalizeSql(before.canonicalSql) !== normalizeSql(after.canonicalSql)
    || normalizeSql(before.incrementalSql ?? '') !== normalizeSql(after.incrementalSql ?? ''));
  const usesMacros = base.usedMacros.length > 0 || head.usedMacros.length > 0;
  const configChanges = changedEntries(base.config, head.config);
  return {
    fileChanged,
    textChanged,
    sqlChanged,
    macro: fileChanged === false && textChanged && usesMacros && context.changedMacroFiles.length > 0,
    configChanges,
    seeds: seedChange(base, head, sqlChanged, after),
    columnsChanged: !jsonEqual(recordedColumns(base.columns), recordedColumns(head.columns)),
    pathChanged: base.path !== head.path,
    varChanges,
    changedParents,
  };
}

/**
 * The seeds the model reads, when they are what changed its content hash: its SQL and the config that changes
 * data are the same, and it reads seeds, whose content, column types and tables count in it (a seed's rows are
 * not recorded, so which seed changed is not told apart). Empty otherwise.
 */
function seedChange(base: DiffModel, head: DiffModel, sqlChanged: boolean, headSql: ModelSql): string[] {
  if (sqlChanged || base.contentHash === head.contentHash || !jsonEqual(dataConfig(base.config), dataConfig(head.config))) return NONE;
  return seedsReadBy(headSql).sort();
}

function changeKind(base: DiffModel, head: DiffModel, facts: ChangeFacts): ChangeKind | null {
  if (base.fingerprint !== head.fingerprint) return 'modified';
  if (facts.configChanges.length > 0 || facts.columnsChanged || facts.pathChanged) return 'metadata-only';
  if (facts.textChanged || facts.fileChanged === true) return 'formatting-only';
  return null;
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
