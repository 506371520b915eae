import type { EventField } from './event-fields.js';

/** A decoded field: BLOB bytes, an integer, a boolean, a string, or null when it does not fit its SQL type. */
export type DecodedValue = Uint8Array | bigint | boolean | string | null;

const WORD = 32;
/** DECIMAL(38,0), the widest exact integer DuckDB functions return: larger values decode to NULL. */
const DECIMAL_MAX = 10n ** 38n - 1n;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one log into the values of `fields` (in order), or returns null when the log does not have the
 * event's shape: a topic the event needs is missing or not 32 bytes, `data` is shorter than its head, or a
 * string or bytes value points outside `data` (or is not UTF-8). Values that do not fit their SQL type
 * (an integer past DECIMAL(38,0) or its declared width, a bool other than 0 or 1) are null on their own.
 */
export function decodeEventLog(fields: readonly EventField[], topics: readonly (Uint8Array | null)[], data: Uint8Array | null): DecodedValue[] | null {
  const values: DecodedValue[] = [];
  const dataFields = fields.reduce((count, field) => count + (field.source === 'data' ? 1 : 0), 0);
  if (dataFields > 0 && (data === null || data.length < dataFields * WORD)) return null;
  for (const field of fields) {
    if (field.source === 'topic') {
      const topic = topics[field.slot - 1];
      if (!topic || topic.length !== WORD) return null;
      values.push(field.kind === 'topic-hash' ? topic.slice() : decodeWord(field, topic));
    } else {
      const head = (data as Uint8Array).subarray(field.slot * WORD, (field.slot + 1) * WORD);
      if (field.kind !== 'string' && field.kind !== 'bytes') {
        values.push(decodeWord(field, head));
        continue;
      }
      const tail = dynamicValue(data as Uint8Array, head);
      if (tail === null) return null;
      if (field.kind === 'bytes') values.push(tail.slice());
      else {
        try {
          values.push(utf8.decode(tail));
        } catch {
          return null;
        }
      }
    }
  }
  return values;
}

/** A value type from its 32-byte word. */
function decodeWord(field: EventField, word: Uint8Array): DecodedValue {
  switch (field.kind) {
    case 'address':
      return word.slice(WORD - 20);
    case 'fixed-bytes':
      return word.slice(0, field.size);
    case 'bool': {
      const value = wordToBigInt(word);
      return value === 0n ? false : value === 1n ? true : null;
    }
    case 'uint': {
      const value = wordToBigInt(word);
      return value >> BigInt(field.size) === 0n && value <= DECIMAL_MAX ? value : null;
    }
    case 'int': {
      const value = BigInt.asIntN(256, wordToBigInt(word));
      const limit = 1n << BigInt(field.size - 1);
      return value >= -limit && value < limit && value <= DECIMAL_MAX && value >= -DECIMAL_MAX ? value : null;
    }
    default:
      return null;
  }
}

/** The bytes of a string or bytes value whose head word holds the offset of its length word; null when out of bounds. */
function dynamicValue(data: Uint8Array, head: Uint8Array): Uint8Array | null {
  const offset = wordToBigInt(head);
  if (offset + BigInt(WORD) > BigInt(data.length)) return null;
  const start = Number(offset) + WORD;
  const length = wordToBigInt(data.subarray(start - WORD, start));
  if (BigInt(start) + length > BigInt(data.length)) return null;
  return data.subarray(start, start + Number(length));
}

function wordToBigInt(word: Uint8Array): bigint {
  let hex = '0x';
  for (const byte of word) hex += byte < 16 ? `0${byte.toString(16)}` : byte.toString(16);
  return BigInt(hex);
}
