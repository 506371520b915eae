/**
 * Amp's EVM SQL functions on DuckDB, so models written for Amp's firehose datasets run on the embedded warehouse.
 *
 * - `evm_topic(signature VARCHAR) -> BLOB`: topic0 of an event, the keccak256 of its canonical signature.
 *   `Transfer(address,address,uint256)` and `Transfer(address indexed from, address indexed to, uint value)`
 *   give the same 32 bytes (names and `indexed` dropped, `uint`/`int` read as `uint256`/`int256`).
 * - `evm_decode_log(topic1, topic2, topic3, data, signature)` (and its older name `evm_decode`): a STRUCT with
 *   one field per event parameter, named as in the signature (`param<N>` when unnamed); indexed parameters
 *   first, from topic1..3 in order, then the others ABI-decoded from `data`. Field types: address, bytes1..32,
 *   bytes and indexed string/bytes/array/tuple (their 32-byte hash) are BLOB; uint8..256 and int8..256 are
 *   DECIMAL(38,0) (NULL past its range); bool is BOOLEAN; string is VARCHAR. A log without the event's shape
 *   (a needed topic NULL, data too short, a string or bytes pointing outside data) gives a NULL struct.
 *
 * A DuckDB function has one return type, but evm_decode_log's depends on its signature literal. So before a
 * statement runs, `prepareEvmSql` renames each call to a function made for its event
 * (`evm_decode_log__<8 hex of sha256 of the event's declaration>`, same arguments), and `registerEvmFunctions`
 * registers those functions (and evm_topic) on the connection. A signature that is not a string literal is
 * refused (AdapterError `unsupported-sql`), as Amp refuses it.
 *
 * DuckDB keeps a view's SQL with the rewritten names, so a warehouse reopened in a new process must register
 * them again before the view is read: `prepareEvmSql(viewSql).decoders` finds them (a call of
 * `evm_decode_log__<hex>` is kept as it is and gives its decoder), ready for registerEvmFunctions.
 *
 * prepareEvmSql also rewrites `X'00ff'` as `from_hex('00ff')`: Amp reads it as binary (models compare
 * addresses with it), DuckDB as the text `x00ff`, which would make such comparisons silently false.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { AdapterError } from '../../adapter-error.js';
import { type EventField, eventFields } from './event-fields.js';
import { type EventSignature, parseEventSignature } from './event-signature.js';
import { evmDecodeFunction, eventStructType, evmTopicFunction } from './evm-scalar-functions.js';
import { findEvmDecodeCalls } from './find-evm-decode-calls.js';
import { findHexLiterals } from './find-hex-literals.js';

/** One per-event decoding function a statement needs, as prepareEvmSql named it. */
export interface EvmDecoder {
  /** The SQL function name the calls were renamed to, e.g. `evm_decode_log__3f1a9c02`. */
  name: string;
  /** The parsed event; `event.declaration` is what `name` hashes. */
  event: EventSignature;
  /** The struct fields, in order. */
  fields: readonly EventField[];
  /** The SQL return type, e.g. `STRUCT("from" BLOB, "to" BLOB, "value" DECIMAL(38,0))`. */
  returnType: string;
}

/**
 * Renames each evm_decode_log / evm_decode call to its event's function and turns `X'..'` binary literals
 * into `from_hex('..')`; returns the functions needed, once each.
 */
export function prepareEvmSql(sql: string): { sql: string; decoders: EvmDecoder[] } {
  const decoders = new Map<string, EvmDecoder>();
  const edits: { start: number; end: number; text: string }[] = findHexLiterals(sql).map(({ start, end, hex }) => ({ start, end, text: `from_hex('${hex}')` }));
  for (const call of findEvmDecodeCalls(sql)) {
    const decoder = evmDecoder(call.signature, call.decoderName);
    if (!decoders.has(decoder.name)) decoders.set(decoder.name, decoder);
    if (call.decoderName === null) edits.push({ start: call.nameStart, end: call.nameEnd, text: decoder.name });
  }
  if (edits.length === 0) return { sql, decoders: [...decoders.values()] };
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let copied = 0;
  for (const edit of edits) {
    out += sql.slice(copied, edit.start) + edit.text;
    copied = edit.end;
  }
  return { sql: out + sql.slice(copied), decoders: [...decoders.values()] };
}

/** Function name to the event declaration it decodes, per connection: registering twice is a no-op. */
const registered = new WeakMap<DuckDBConnection, Map<string, string>>();

/** Registers evm_topic and each decoder on the connection, each once (with `[]`, just evm_topic). */
export function registerEvmFunctions(connection: DuckDBConnection, decoders: readonly EvmDecoder[]): void {
  let done = registered.get(connection);
  if (!done) {
    connection.registerScalarFunction(evmTopicFunction());
    done = new Map([['evm_topic', '']]);
    registered.set(connection, done);
  }
  for (const decoder of decoders) {
    const known = done.get(decoder.name);
    if (known === decoder.event.declaration) continue;
    if (known !== undefined) {
      throw new AdapterError('unsupported-sql', `events '${known}' and '${decoder.event.declaration}' hash to the same function name ${decoder.name}`, {
        hint: 'run the two decodes on separate connections, or rename a parameter of one event',
      });
    }
    connection.registerScalarFunction(evmDecodeFunction(decoder.name, decoder.fields));
    done.set(decoder.name, decoder.event.declaration);
  }
}

/** The decoder of a signature, named from the hash of its declaration unless the SQL already names it. */
function evmDecoder(signature: string, name: string | null): EvmDecoder {
  const event = parseEventSignature(signature);
  const fields = eventFields(event);
  const hash = bytesToHex(sha256(new TextEncoder().encode(event.declaration))).slice(0, 8);
  return { name: name ?? `evm_decode_log__${hash}`, event, fields, returnType: eventStructType(fields).toString() };
}
