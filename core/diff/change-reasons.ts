import type { ChangeReason, ValueChange } from './diff-types.js';

/** What the classification found out about a changed model's definition. */
export interface ChangeFacts {
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
  /** The seeds the model reads, when they alone explain its new content hash (its SQL and data config are the same). */
  seeds: string[];
  changedParents: string[];
}

/** Why the fingerprint changed; `other` when none of the recorded facts explains it. */
export function modifiedReasons(facts: ChangeFacts): ChangeReason[] {
  const reasons: ChangeReason[] = [];
  if (facts.sqlChanged) reasons.push(...textSources(facts));
  if (facts.configChanges.length > 0) reasons.push('config');
  if (facts.varChanges.length > 0 && !reasons.includes('var')) reasons.push('var');
  if (facts.seeds.length > 0) reasons.push('seed');
  if (facts.changedParents.length > 0) reasons.push('upstream');
  if (reasons.length === 0) reasons.push('other');
  return sortReasons([...reasons, ...descriptiveReasons(facts)]);
}

/** Where a formatting-only or metadata-only change came from. */
export function unchangedDataReasons(facts: ChangeFacts): ChangeReason[] {
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

const REASON_ORDER: ChangeReason[] = ['body', 'config', 'macro', 'var', 'seed', 'upstream', 'columns', 'path', 'other'];

function sortReasons(reasons: ChangeReason[]): ChangeReason[] {
  return REASON_ORDER.filter((reason) => reasons.includes(reason));
}

function descriptiveReasons(facts: ChangeFacts): ChangeReason[] {
  return [...(facts.columnsChanged ? ['columns' as const] : []), ...(facts.pathChanged ? ['path' as const] : [])];
}
