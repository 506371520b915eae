import {
  BLOB, BOOLEAN, DECIMAL, DuckDBBlobValue, DuckDBDecimalValue, DuckDBScalarFunction, STRUCT, VARCHAR,
  type DuckDBBlobVector, type DuckDBStructType, type DuckDBType, type DuckDBValue, type DuckDBVector, structValue,
} from '@duckdb/node-api';
import { decodeEventLog, type DecodedValue } from './decode-event-log.js';
import type { EventField, FieldKind } from './event-fields.js';
import { evmTopic } from './evm-topic.js';

/** `evm_topic(VARCHAR) -> BLOB`: keccak256 of the canonical signature; NULL for NULL. */
export function evmTopicFunction(): DuckDBScalarFunction {
  const cache = new Map<string, DuckDBBlobValue>();
  return DuckDBScalarFunction.create({
    name: 'evm_topic',
    returnType: BLOB,
    parameterTypes: [VARCHAR],
    mainFunction: (_info, input, output) => {
      const signatures = input.getColumnVector(0) as DuckDBVector<string>;
      for (let row = 0; row < input.rowCount; row++) {
        const signature = signatures.getItem(row);
        let topic = signature === null ? null : cache.get(signature);
        if (signature !== null && topic === undefined) {
          topic = new DuckDBBlobValue(evmTopic(signature));
          if (cache.size < 1000) cache.set(signature, topic);
        }
        output.setItem(row, topic ?? null);
      }
      output.flush();
    },
  });
}

/**
 * `name(topic1 BLOB, topic2 BLOB, topic3 BLOB, data BLOB, signature VARCHAR) -> STRUCT(...)` for one event.
 * NULL arguments reach the function (a Transfer's topic3 is NULL), so it decides: a log without the
 * event's shape gives a NULL struct. The signature argument is ignored: the function was made for it.
 */
export function evmDecodeFunction(name: string, fields: readonly EventField[]): DuckDBScalarFunction {
  return DuckDBScalarFunction.create({
    name,
    returnType: eventStructType(fields),
    parameterTypes: [BLOB, BLOB, BLOB, BLOB, VARCHAR],
    specialHandling: true,
    mainFunction: (_info, input, output) => {
      const columns = [0, 1, 2, 3].map((index) => input.getColumnVector(index) as DuckDBBlobVector);
      for (let row = 0; row < input.rowCount; row++) {
        const [topic1, topic2, topic3, data] = columns.map((column) => column.getItemBytes(row));
        const values = decodeEventLog(fields, [topic1, topic2, topic3], data);
        output.setItem(row, values === null ? null : structValue(Object.fromEntries(fields.map((field, i) => [field.name, toDuckDB(values[i])]))));
      }
      output.flush();
    },
  });
}

/** The STRUCT a decoder returns: one field per event parameter, in EventField order. */
export function eventStructType(fields: readonly EventField[]): DuckDBStructType {
  return STRUCT(Object.fromEntries(fields.map((field) => [field.name, sqlType(field.kind)])));
}

function sqlType(kind: FieldKind): DuckDBType {
  switch (kind) {
    case 'uint':
    case 'int':
      return DECIMAL(38, 0);
    case 'bool':
      return BOOLEAN;
    case 'string':
      return VARCHAR;
    default:
      return BLOB;
  }
}

function toDuckDB(value: DecodedValue): DuckDBValue {
  if (value instanceof Uint8Array) return new DuckDBBlobValue(value);
  if (typeof value === 'bigint') return new DuckDBDecimalValue(value, 38, 0);
  return value;
}
