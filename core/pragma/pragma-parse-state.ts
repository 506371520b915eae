import type { Diagnostics } from '../errors.js';
import { LineIndex } from './line-index.js';
import type { ParsedPragmaModel, PragmaImport, PragmaLocation } from './pragma-types.js';

/** What the pieces of the pragma parser share while reading one model. */
export class PragmaParseState {
  readonly lines: LineIndex;
  readonly parsed: ParsedPragmaModel;
  readonly aliases = new Map<string, PragmaImport>();
  /** Aliases of @import lines that were reported as invalid: their `:alias` references are not reported again. */
  readonly invalidAliases = new Set<string>();
  readonly descriptionLines: string[] = [];
  readonly usedVars = new Set<string>();

  constructor(readonly content: string, readonly file: string, readonly diagnostics: Diagnostics) {
    this.lines = new LineIndex(content);
    this.parsed = { file, content, description: null, configs: [], imports: [], usedVars: [], nodes: [] };
  }

  locationAt(offset: number): PragmaLocation {
    return { file: this.file, ...this.lines.position(offset) };
  }

  report(code: string, message: string, offset: number, hint: string | null = null): void {
    this.diagnostics.error(code, message, this.locationAt(offset), hint);
  }
}
