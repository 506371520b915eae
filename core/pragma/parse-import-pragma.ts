import { DATASET_REFERENCE } from '../project/dataset-reference.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { PragmaParseState } from './pragma-parse-state.js';
import type { PragmaImport } from './pragma-types.js';

const EXAMPLES = '-- @import: orders = models.staging.stg_orders   or   -- @import: eth = dataset _/eth_firehose@1.0.0';
const ALIAS = /^([ \t]*)([\p{L}_][\p{L}\p{N}_]*)[ \t]*=[ \t]*/u;
const MODEL_PATH = /^models(?:\.[\p{L}\p{N}_$-]+)+$/u;
const DATASET = /^dataset[ \t]+(\S+)$/;

/** `alias = models.<folder>.<model>` or `alias = dataset <namespace>/<name>@<version>` after `-- @import:` (at `offset`). */
export function parseImportPragma(state: PragmaParseState, text: string, offset: number): void {
  const head = ALIAS.exec(text);
  if (!head) {
    state.report('invalid-import', '@import must be `alias = models.<folder>.<model>` or `alias = dataset <namespace>/<name>@<version>`',
      offset + (text.length - text.trimStart().length), `e.g. ${EXAMPLES}`);
    return;
  }
  const aliasOffset = offset + head[1].length;
  const targetOffset = offset + head[0].length;
  const target = text.slice(head[0].length).trimEnd();
  const parsed = parseTarget(state, target, targetOffset);
  if (!parsed) {
    state.invalidAliases.add(head[2]);
    return;
  }
  const imp: PragmaImport = { alias: head[2], ...parsed, location: state.locationAt(aliasOffset) };
  if (checkAlias(state, imp, aliasOffset)) {
    state.aliases.set(imp.alias, imp);
    state.parsed.imports.push(imp);
  }
}

function parseTarget(state: PragmaParseState, target: string, offset: number): Pick<PragmaImport, 'kind' | 'target'> | null {
  if (MODEL_PATH.test(target)) return { kind: 'model', target };
  const dataset = DATASET.exec(target);
  if (dataset && DATASET_REFERENCE.test(dataset[1])) return { kind: 'dataset', target: dataset[1] };
  if (dataset) {
    state.report('invalid-import', `'${dataset[1]}' is not a dataset reference`, offset + target.indexOf(dataset[1]),
      'write <namespace>/<name>@<version> with an explicit version or hash (not latest or dev), e.g. -- @import: eth = dataset _/eth_firehose@1.0.0');
    return null;
  }
  const hint = /^[\p{L}\p{N}_$.-]+$/u.test(target) && target !== ''
    ? `a model is imported by its path: models.<folder>.<model>, e.g. -- @import: orders = models.staging.${target.split('.').pop()}`
    : `e.g. ${EXAMPLES}`;
  state.report('invalid-import', target ? `cannot import '${target}'` : '@import names nothing to import', offset, hint);
  return null;
}

/** Reserved and duplicate aliases are errors; true when the alias can be used. */
function checkAlias(state: PragmaParseState, imp: PragmaImport, offset: number): boolean {
  if (imp.alias === 'this') {
    state.report('invalid-import', "'this' cannot be an import alias: :this is the model itself", offset, 'pick another alias');
    return false;
  }
  const first = state.aliases.get(imp.alias);
  if (!first) return true;
  state.report('duplicate-import', `alias '${imp.alias}' is imported twice`, offset,
    `it is first imported on line ${first.location.line}; give each import its own alias`);
  return false;
}

/** The `unknown-import` report for `:name` in reference position (none for an alias whose @import was reported). */
export function reportUnknownReference(state: PragmaParseState, name: string, offset: number): void {
  if (state.invalidAliases.has(name)) return;
  const suggestion = didYouMean(name, [...state.aliases.keys(), 'this']);
  const imports = state.aliases.size ? `imports are ${[...state.aliases.keys()].map((a) => `:${a}`).join(', ')}` : 'this model imports nothing';
  state.report('unknown-import', `':${name}' is not an import`, offset,
    suggestion ? `${suggestion.replace(/'(.*)'/, "':$1'")} (${imports})` : `add -- @import: ${name} = models.<folder>.<model> to the header (${imports})`);
}
