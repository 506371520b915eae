import type { Diagnostics } from '../errors.js';
import { PragmaParseState } from './pragma-parse-state.js';
import type { ParsedPragmaModel } from './pragma-types.js';
import { PragmaModelScanner } from './scan-pragma-model.js';

/**
 * Parse a header-pragma model: configs, imports (enough for the graph without rendering), the
 * vars its directives read, and the body as a tree for `renderPragmaModel`. Every problem is added
 * to `diagnostics` with the file, line and column; parsing always completes.
 */
export function parsePragmaModel(content: string, file: string, diagnostics: Diagnostics): ParsedPragmaModel {
  const state = new PragmaParseState(content, file, diagnostics);
  new PragmaModelScanner(state).run();
  const { parsed } = state;
  parsed.usedVars = [...state.usedVars].sort();
  const description = state.descriptionLines.join('\n').trim();
  parsed.description = description === '' ? null : description;
  return parsed;
}
