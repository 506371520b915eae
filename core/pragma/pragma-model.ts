/** The header-pragma model syntax, one import for the compiler. */
export { isPragmaModel, pragmaLineOffset } from './is-pragma-model.js';
export { parsePragmaModel } from './parse-pragma-model.js';
export { renderPragmaModel } from './render-pragma-model.js';
export type {
  DirectiveCondition, ParsedPragmaModel, PragmaBranch, PragmaConfig, PragmaImport, PragmaLocation, PragmaNode, PragmaRenderContext,
} from './pragma-types.js';
