import { keywordArgs } from './keyword-args.js';

/**
 * Jinja's `namespace()`: an object whose attributes `{% set ns.name = value %}` may change from inside a loop
 * or an `if` (a plain `{% set %}` there does not reach outside it in Jinja). Both render paths create it with
 * `namespace` and assign through `setNamespaceAttribute`.
 */
export class JinjaNamespace {
  [attribute: string]: unknown;
}

/** `namespace(found=false)`, `namespace({'a': 1}, b=2)`: a dict's items, then the keyword arguments. */
export function namespace(...args: unknown[]): JinjaNamespace {
  const { positional, kwargs } = keywordArgs(args);
  const ns = new JinjaNamespace();
  for (const values of positional) {
    if (values !== null && values !== undefined) Object.assign(ns, values);
  }
  return Object.assign(ns, kwargs);
}

const NOT_A_NAMESPACE = 'NotANamespace';

/** `{% set ns.name = value %}`: only a namespace's attributes may be set, as in Jinja. */
export function setNamespaceAttribute(target: unknown, name: string, value: unknown): void {
  if (!(target instanceof JinjaNamespace)) {
    const error = new Error(`{% set x.${name} = ... %} sets an attribute of something that is not a namespace()`);
    error.name = NOT_A_NAMESPACE;
    throw error;
  }
  target[name] = value;
}

/**
 * When a render failed at a `{% set x.name = ... %}` of something that is not a namespace (nunjucks wraps the
 * error, keeping its name in the message), the error to report and where such a tag is written.
 */
export function notANamespaceFailure(error: unknown): { code: string; message: string; hint: string; call: RegExp } | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const found = new RegExp(`${NOT_A_NAMESPACE}: \\{% set x\\.(\\w+) = \\.\\.\\. %\\}`).exec(message);
  if (!found) return undefined;
  const name = found[1];
  return {
    code: 'jinja-render',
    message: `this {% set %} sets the attribute '${name}' of something that is not a namespace(): only a namespace's attributes can be set`,
    hint: `make it one first, as in Jinja: {% set ns = namespace(${name}=...) %}, then {% set ns.${name} = ... %}`,
    call: new RegExp(`\\{%-?\\s*set\\s+[A-Za-z_]\\w*\\s*\\.\\s*${name}\\s*=`),
  };
}
