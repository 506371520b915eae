import { LiteParser } from './lite-parser.js';
import type { LiteTemplate } from './lite-template.js';

/**
 * Parses a model (or any template) in one pass, or returns undefined when it uses anything
 * outside the lite subset, including anything nunjucks would reject: the caller then renders it
 * with nunjucks. Parse once, render with `renderLiteTemplate` as often as needed.
 */
export function parseLiteTemplate(content: string): LiteTemplate | undefined {
  try {
    return new LiteParser(content).parseTemplate();
  } catch {
    return undefined;
  }
}
