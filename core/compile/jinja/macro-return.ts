/**
 * dbt's `return()`: a macro gives its caller a value (a list, a dict, a string) instead of its text.
 * Every nunjucks macro runs with a slot of its own (withReturnSlot, wrapped around macro bodies); `return(x)`
 * fills the innermost slot, and the macro then returns x. The first return wins; the macro's text after it is
 * dropped with the rest of its output. (dbt stops the macro at `return`; nunjucks' compiled macros cannot
 * be left early without losing the caller's scope, so what follows still runs, but its output is unused.)
 */
const NO_RETURN = Symbol('no return');
const slots: unknown[] = [];

/** Runs a macro body; its value is what `return()` gave, else the body's text. */
export function withReturnSlot(body: () => unknown): unknown {
  slots.push(NO_RETURN);
  try {
    const text = body();
    const value = slots[slots.length - 1];
    return value === NO_RETURN ? text : value;
  } finally {
    slots.pop();
  }
}

/** The `return` template global. */
export function macroReturn(value: unknown = null): string {
  if (slots.length === 0) throw new Error('return() is for macros: a model cannot return a value');
  if (slots[slots.length - 1] === NO_RETURN) slots[slots.length - 1] = value;
  return '';
}
