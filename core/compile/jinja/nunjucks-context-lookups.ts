/*
 * The names a nunjucks render looks up beyond its own variables: a template that writes `{% if shout is defined %}`
 * or `{{ fallback | default('x') }}` renders otherwise once a macro of that name comes or goes, also when it never
 * calls it, so JinjaRenderer records such names with the macros a render called (RenderState.usedMacros).
 */

/** What an environment (made from the patched module) is told: set by its owner, none by default. */
export interface ContextLookupListener {
  /** A name not bound in the template's frame, and what the context (its variables, then the globals) gave: undefined when nothing. */
  onContextLookup?: (name: string, value: unknown) => void;
}

interface LookupContext { env: ContextLookupListener; lookup(name: string): unknown }
interface LookupFrame { lookup(name: string): unknown }

/**
 * Replaces runtime.contextOrFrameLookup, which compiled templates call for every name not bound at compile time
 * (macros and models alike, each through its own context of the same environment), by the same lookup reporting
 * the names the frame does not hold to the environment's listener (called once, when nunjucks is loaded).
 */
export function withContextLookupReports(runtime: Record<string, unknown>): void {
  runtime.contextOrFrameLookup = (context: LookupContext, frame: LookupFrame, name: string): unknown => {
    const local = frame.lookup(name);
    if (local !== undefined) return local;
    const value = context.lookup(name);
    context.env.onContextLookup?.(name, value);
    return value;
  };
}
