import type { LiteEnvironment } from './lite-environment.js';
import { run } from './lite-runtime.js';
import type { LiteTemplate } from './lite-template.js';
import { LiteUnsupported } from './lite-unsupported.js';

/**
 * Renders a parsed template as nunjucks (autoescape off, throwOnUndefined off) would.
 * Throws LiteUnsupported, and only that, when it cannot: for a construct declined at run time
 * and for ANY error on the way (a host function throwing, a value nunjucks would fail on), so
 * the caller can discard the render's side effects and let nunjucks render the template.
 */
export function renderLiteTemplate(template: LiteTemplate, env: LiteEnvironment): string {
  const act = { env, locals: new Array(template.slotCount), frame: null, loops: [], scope: new Map<string, unknown>(), depth: 0 };
  try {
    return run(template.body, act);
  } catch (error) {
    if (error instanceof LiteUnsupported) throw error;
    throw new LiteUnsupported(`render failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
