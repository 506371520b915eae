import { Diagnostics, type Diagnostic } from '../../core/errors.js';
import { parsePragmaModel, renderPragmaModel } from '../../core/pragma/pragma-model.js';
import type { ParsedPragmaModel, PragmaRenderContext } from '../../core/pragma/pragma-model.js';

export const FILE = 'models/marts/fct.sql';

export function parse(content: string): { parsed: ParsedPragmaModel; diagnostics: Diagnostic[] } {
  const diagnostics = new Diagnostics();
  const parsed = parsePragmaModel(content, FILE, diagnostics);
  return { parsed, diagnostics: diagnostics.items };
}

export function context(overrides: Partial<PragmaRenderContext> = {}): PragmaRenderContext {
  return {
    isIncremental: false,
    targetName: 'dev',
    vars: {},
    resolveImport: (imp) => (imp.kind === 'model' ? `⟦ref:${imp.target.split('.').pop()}⟧` : `⟦dataset:${imp.target}⟧`),
    ...overrides,
  };
}

/** Parse without errors and render. */
export function render(content: string, overrides: Partial<PragmaRenderContext> = {}): string {
  const { parsed, diagnostics } = parse(content);
  if (diagnostics.length) throw new Error(`unexpected diagnostics: ${JSON.stringify(diagnostics)}`);
  return renderPragmaModel(parsed, context(overrides), new Diagnostics());
}

/** The diagnostics as `line:column code` strings. */
export function errors(content: string): string[] {
  return parse(content).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);
}
