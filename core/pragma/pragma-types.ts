/** The header-pragma model syntax: `-- @config:` / `-- @import:` header lines, `:alias` references, `#if` directives. */

export interface PragmaLocation {
  file: string;
  line: number;
  column: number;
}

/** One `-- @config: k=v, k2=v2` line. */
export interface PragmaConfig {
  kwargs: Record<string, unknown>;
  location: PragmaLocation;
}

/**
 * One `-- @import:` line. `target` is the dotted model path as written (`models.staging.stg_logs`)
 * or the dataset reference (`_/eth_firehose@1.0.0`). The location is the alias's.
 */
export interface PragmaImport {
  alias: string;
  kind: 'model' | 'dataset';
  target: string;
  location: PragmaLocation;
}

/** A parsed `#if` / `#elif` condition. */
export type DirectiveCondition =
  | { kind: 'literal'; value: unknown }
  | { kind: 'is_incremental' }
  | { kind: 'target_name' }
  | { kind: 'var'; name: string; fallback: unknown }
  | { kind: 'not'; operand: DirectiveCondition }
  | { kind: 'and' | 'or'; left: DirectiveCondition; right: DirectiveCondition }
  | { kind: 'compare'; op: '==' | '!='; left: DirectiveCondition; right: DirectiveCondition };

/** The body as a tree: source ranges to copy, references to substitute, and conditional blocks. */
export type PragmaNode =
  | { kind: 'text'; start: number; end: number }
  | { kind: 'reference'; start: number; end: number; alias: string }
  | { kind: 'if'; branches: PragmaBranch[] };

export interface PragmaBranch {
  /** Null for `#else`. */
  condition: DirectiveCondition | null;
  line: number;
  body: PragmaNode[];
}

export interface ParsedPragmaModel {
  file: string;
  content: string;
  /** The header's plain comment lines (without `--`), e.g. a one-line model description; null when none. */
  description: string | null;
  configs: PragmaConfig[];
  imports: PragmaImport[];
  /** Names of the vars any directive reads, sorted (whichever branch is taken). */
  usedVars: string[];
  nodes: PragmaNode[];
}

export interface PragmaRenderContext {
  isIncremental: boolean;
  targetName: string;
  vars: Record<string, unknown>;
  /** The placeholder an import's references become (e.g. `⟦ref:stg_logs⟧`), or null to leave them as written. */
  resolveImport(imp: PragmaImport): string | null;
}
