import { parseDocument, visit } from 'yaml';
import { ConfigError } from '../errors.js';
import { describeValue, isMapping } from './mapping-reader.js';
import { aliasInsideItself, describeAliasInsideItself, describeYamlError, exactValue } from './yaml-file.js';

/**
 * `--vars '{"a": 1}'` or `--vars 'a: 1'` (YAML, a superset of JSON) as a mapping.
 * Throws ConfigError `invalid-vars` for a syntax error or anything but a mapping; empty text is `{}`.
 */
export function parseVarsOption(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const what = describeYamlError(error);
    const column = error.linePos?.[0].col;
    throw new ConfigError('invalid-vars', `--vars is not valid YAML or JSON: ${what}${column ? ` (column ${column})` : ''}`, {
      hint: `write a mapping, e.g. --vars '{"start_block": 100}' or --vars 'start_block: 100'`,
    });
  }
  const recursive = aliasInsideItself(doc);
  if (recursive) throw new ConfigError('invalid-vars', `--vars is not valid: ${describeAliasInsideItself(recursive)}`, { hint: 'write the values out instead of the alias' });
  // Integers past what a number holds exactly stay as written (as in the project's YAML files).
  visit(doc, { Scalar: (_key, node) => { node.value = exactValue(node); } });
  const value: unknown = doc.toJS();
  if (!isMapping(value)) {
    throw new ConfigError('invalid-vars', `--vars must be a mapping of names to values, got ${describeValue(value)}`, {
      hint: `for example --vars '{"start_block": 100, "network": "mainnet"}'`,
    });
  }
  return value;
}
