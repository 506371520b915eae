import type { DirectiveCondition, PragmaRenderContext } from './pragma-types.js';

type ConditionContext = Pick<PragmaRenderContext, 'isIncremental' | 'targetName' | 'vars'>;

/** Python truthiness: none, false, 0, '' and empty lists or dicts are false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

export function evaluateCondition(condition: DirectiveCondition, context: ConditionContext): unknown {
  switch (condition.kind) {
    case 'literal':
      return condition.value;
    case 'is_incremental':
      return context.isIncremental;
    case 'target_name':
      return context.targetName;
    case 'var':
      return Object.hasOwn(context.vars, condition.name) ? context.vars[condition.name] : condition.fallback;
    case 'not':
      return !isTruthy(evaluateCondition(condition.operand, context));
    case 'and':
      return isTruthy(evaluateCondition(condition.left, context)) && isTruthy(evaluateCondition(condition.right, context));
    case 'or':
      return isTruthy(evaluateCondition(condition.left, context)) || isTruthy(evaluateCondition(condition.right, context));
    case 'compare': {
      const equal = sameValue(evaluateCondition(condition.left, context), evaluateCondition(condition.right, context));
      return condition.op === '==' ? equal : !equal;
    }
  }
}

/** Equality of literal values; none equals a missing var. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return b === undefined || b === null;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** Every var name a condition reads. */
export function conditionVars(condition: DirectiveCondition, into: Set<string>): void {
  switch (condition.kind) {
    case 'var':
      into.add(condition.name);
      return;
    case 'not':
      conditionVars(condition.operand, into);
      return;
    case 'and':
    case 'or':
    case 'compare':
      conditionVars(condition.left, into);
      conditionVars(condition.right, into);
      return;
    default:
  }
}
