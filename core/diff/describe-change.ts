import type { ChangeReason, ModelDiff, ValueChange } from './diff-types.js';

/** The two sides of a diff as the user named them (`prod`, `HEAD~1`); the commits come from the diff. */
export interface DiffLabels {
  base: { ref: string };
  head: { ref: string };
  /** The command that shows the whole diff (named in notes about what was cut). */
  command?: string;
}

export const shortSha = (commit: string | null) => (commit === null ? '(none)' : commit.slice(0, 12));

/**
 * A diff side as its ref and commit read: `prod (1a2b3c4d5e6f)`, or only the short sha when the ref was (a
 * prefix of) the sha itself, or the ref alone when the commit is no sha: the working tree (`working-tree`)
 * has no commit to name.
 */
export function sideLabel(ref: string, commit: string, code: (text: string) => string = (t) => t): string {
  if (!/^[0-9a-f]{40}$/.test(commit)) return code(ref);
  if (/^[0-9a-f]{4,40}$/.test(ref) && commit.startsWith(ref)) return code(shortSha(commit));
  return `${code(ref)} (${code(shortSha(commit))})`;
}

/** A model's change in a few words: `modified`, `downstream`, `formatting only`. */
export function changeLabel(diff: ModelDiff): string {
  if (isDownstreamOnly(diff)) return 'downstream';
  return diff.change.replace('-', ' ');
}

/** Modified only because a parent's fingerprint changed. */
export function isDownstreamOnly(diff: ModelDiff): boolean {
  return diff.change === 'modified' && diff.reasons.length === 1 && diff.reasons[0] === 'upstream';
}

/** How names and value changes are written: plain for terminals, code spans and arrows for markdown. */
export interface TextStyle {
  code: (text: string) => string;
  arrow: string;
}

const plain: TextStyle = { code: (text) => text, arrow: '->' };

/** One sentence per reason, with the names and values behind it. */
export function describeReasons(diff: ModelDiff, style: TextStyle = plain): string[] {
  return diff.reasons.map((reason) => `${reason}: ${reasonDetail(diff, reason, style)}`);
}

/**
 * Reasons in a few words each, with the names behind them: `config (materialized), upstream (stg_orders)`.
 * With `withValues`, config and var changes show their values when there are at most three
 * (`config (materialized "view" -> "table")`): the terminal's diff has no details section below.
 */
export function shortReasons(diff: ModelDiff, code: (text: string) => string = (t) => t, withValues = false): string {
  return diff.reasons.map((reason) => {
    const changes = !withValues ? [] : reason === 'config' ? diff.configChanges : reason === 'var' ? diff.varChanges : [];
    if (changes.length > 0 && changes.length <= 3) return `${reason} (${changes.map((c) => `${code(c.name)} ${code(json(c.base))} -> ${code(json(c.head))}`).join(', ')})`;
    const names = reasonNames(diff, reason);
    return names.length ? `${reason} (${listNames(names, code)})` : reason;
  }).join(', ');
}

function reasonNames(diff: ModelDiff, reason: ChangeReason): string[] {
  switch (reason) {
    case 'config': return diff.configChanges.map((c) => c.name);
    case 'macro': return diff.macroFiles;
    case 'var': return diff.varChanges.map((c) => c.name);
    case 'seed': return diff.seeds ?? [];
    case 'upstream': return diff.changedParents;
    case 'columns': return diff.columnChanges ?? [];
    default: return [];
  }
}

function listNames(names: string[], code: (text: string) => string, max = 5): string {
  const shown = names.slice(0, max).map(code).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

function reasonDetail(diff: ModelDiff, reason: ChangeReason, { code, arrow }: TextStyle): string {
  const formatting = diff.change === 'formatting-only' ? ' (comments or whitespace only: the data is unchanged)' : '';
  switch (reason) {
    case 'body':
      return `the model's file changed${formatting}`;
    case 'config':
      return values(diff.configChanges, code, arrow);
    case 'macro':
      return `its file is unchanged but its SQL changed with macro files ${diff.macroFiles.map(code).join(', ')}${formatting}`;
    case 'var':
      return values(diff.varChanges, code, arrow);
    case 'seed':
      return `its SQL and config are unchanged; a seed it reads changed (the file's content, its column types or its table): ${listNames(diff.seeds ?? [], code, 20)}`;
    case 'upstream':
      return `parent${diff.changedParents.length === 1 ? '' : 's'} changed: ${listNames(diff.changedParents, code, 20)}`;
    case 'columns':
      return diff.columnChanges?.length ? `declared columns changed: ${listNames(diff.columnChanges, code, 20)}` : 'declared columns changed';
    case 'path':
      return `moved from ${code(diff.basePath ?? '?')}`;
    case 'other':
      // What the manifests record does not say which: never claim the file (or its SQL) is unchanged.
      return 'changed for none of the reasons a manifest records (its SQL as its file, a macro or a var makes it, its config, its parents):'
        + ` most often a relation it reads changed, a source's or a seed's schema or identifier${diff.sqlDiff ? `; its SQL text differs as shown${formatting}` : ''}`;
  }
}

function values(changes: ValueChange[], code: (text: string) => string, arrow: string): string {
  return changes.map((c) => `${code(c.name)} ${code(json(c.base))} ${arrow} ${code(json(c.head))}`).join(', ');
}

/** A value as JSON, `(unset)` when absent; long values shortened. */
export function json(value: unknown): string {
  if (value === undefined) return '(unset)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export { plural } from '../util/plural.js';
