import { AdapterError } from '../../adapter-error.js';
import { type AbiType, canonicalType, isValueType } from './abi-type.js';
import type { EventSignature } from './event-signature.js';

/** How one struct field is read: the ABI type reduced to what the decoder does with its bytes. */
export type FieldKind = 'address' | 'bool' | 'uint' | 'int' | 'fixed-bytes' | 'bytes' | 'string' | 'topic-hash';

export interface EventField {
  /** The parameter's name, or `param<N>` (its 0-based position) when the signature names none. */
  name: string;
  kind: FieldKind;
  /** Width of an integer, length of a fixed-size bytes value; 0 otherwise. */
  size: number;
  /** `topic` fields come from topic1..3 (`slot` 1-based), `data` fields from the ABI-encoded data (`slot` 0-based). */
  source: 'topic' | 'data';
  slot: number;
}

/**
 * The struct an event decodes to, laid out as Amp lays it out: the indexed parameters first (from topic1,
 * topic2, topic3 in order), then the others (decoded from `data`). Throws AdapterError `unsupported-sql`
 * for what the decoder cannot return (over three indexed parameters, arrays or tuples in `data`, no
 * parameters at all, two fields with one name).
 */
export function eventFields(event: EventSignature): EventField[] {
  const refuse = (why: string): never => {
    throw new AdapterError('unsupported-sql', `cannot decode event '${event.declaration}': ${why}`, {
      hint: 'decode logs with evm_decode_log using an event of value types, string and bytes (indexed strings, bytes, arrays and tuples give their 32-byte hash)',
    });
  };
  if (event.params.length === 0) refuse('it has no parameters');
  const named = event.params.map((param, position) => ({ ...param, name: param.name || `param${position}` }));
  const indexed = named.filter((param) => param.indexed);
  if (indexed.length > 3) refuse(`${indexed.length} parameters are indexed; a log has only topic1, topic2 and topic3`);
  const fields: EventField[] = indexed.map((param, i) => ({
    name: param.name,
    ...(isValueType(param.type) ? valueField(param.type, refuse) : { kind: 'topic-hash' as const, size: 32 }),
    source: 'topic',
    slot: i + 1,
  }));
  named.filter((param) => !param.indexed).forEach((param, i) => {
    const kind = param.type.kind;
    const field = kind === 'string' || kind === 'bytes' ? { kind, size: 0 } : isValueType(param.type) ? valueField(param.type, refuse) : null;
    if (!field) refuse(`parameter '${param.name}' of type ${canonicalType(param.type)} is not indexed, and arrays and tuples in data are not supported`);
    else fields.push({ name: param.name, ...field, source: 'data', slot: i });
  });
  const seen = new Set<string>();
  for (const field of fields) {
    const key = field.name.toLowerCase();
    if (seen.has(key)) refuse(`two parameters are named '${field.name}'`);
    seen.add(key);
  }
  return fields;
}

function valueField(type: AbiType, refuse: (why: string) => never): { kind: FieldKind; size: number } {
  switch (type.kind) {
    case 'address':
    case 'bool':
      return { kind: type.kind, size: 0 };
    case 'uint':
    case 'int':
      return { kind: type.kind, size: type.bits };
    case 'fixed-bytes':
      return { kind: 'fixed-bytes', size: type.size };
    default:
      return refuse(`type ${canonicalType(type)} is not supported`);
  }
}
