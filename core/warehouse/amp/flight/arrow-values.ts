import { makeVector, Type, type Data, type DataType, type RecordBatch, type Vector } from 'apache-arrow';
import { formatBytes, formatDecimal, formatInteger, formatTimestamp } from '../../format-query-value.js';
import { uniqueColumnNames } from '../../unique-column-names.js';
import type { ColumnInfo, QueryValue } from '../../warehouse-adapter.js';

/**
 * Arrow values as QueryValues (see warehouse-adapter.ts), so rows read through Amp look like rows read from
 * DuckDB or PostgreSQL: integers as numbers when safe else decimal strings, decimals via their unscaled
 * integer, binary as 0x hex, timestamps as ISO-8601 UTC with every digit the column kept (read from the raw
 * int64 buffer: apache-arrow's own getter rounds nanoseconds to milliseconds), lists and structs recursively.
 */

const NANOS_PER_UNIT = [1_000_000_000n, 1_000_000n, 1_000n, 1n];

/** Every row of a batch as an object keyed by (made unique) column names. */
export function recordBatchRows(batch: RecordBatch): Record<string, QueryValue>[] {
  const names = uniqueColumnNames(batch.schema.fields.map((field) => field.name));
  const columns = names.map((_, index) => vectorValues(batch.getChildAt(index)!));
  const rows: Record<string, QueryValue>[] = [];
  for (let row = 0; row < batch.numRows; row++) {
    const record: Record<string, QueryValue> = {};
    names.forEach((name, index) => { record[name] = columns[index][row]; });
    rows.push(record);
  }
  return rows;
}

/** Columns of a schema, their types spelt as Arrow (Rust) prints them: `Int64`, `Utf8`, `Timestamp(Nanosecond, Some("+00:00"))`. */
export function arrowColumns(fields: readonly { name: string; type: DataType }[]): ColumnInfo[] {
  const names = uniqueColumnNames(fields.map((field) => field.name));
  return fields.map((field, index) => ({ name: names[index], type: arrowTypeName(field.type) }));
}

/** All values of a vector, chunk by chunk. */
export function vectorValues(vector: Vector): QueryValue[] {
  return vector.data.flatMap((data) => dataValues(data));
}

function dataValues(data: Data): QueryValue[] {
  const type = data.type as DataType & Record<string, any>;
  const out: QueryValue[] = new Array(data.length);
  const valid = (i: number) => data.getValid(i);
  const values = data.values as any;
  switch (type.typeId) {
    case Type.Timestamp: {
      const scale = NANOS_PER_UNIT[type.unit as number];
      for (let i = 0; i < data.length; i++) out[i] = valid(i) ? formatTimestamp(BigInt(values[i]) * scale) : null;
      return out;
    }
    case Type.Decimal: {
      const words = (type.bitWidth as number) / 32;
      for (let i = 0; i < data.length; i++) out[i] = valid(i) ? formatDecimal(wordsToBigInt(values, i * words, words), type.scale as number) : null;
      return out;
    }
    case Type.Dictionary: {
      const dictionary = data.dictionary ? vectorValues(data.dictionary) : [];
      for (let i = 0; i < data.length; i++) out[i] = valid(i) ? dictionary[Number(values[i])] ?? null : null;
      return out;
    }
    case Type.Struct: {
      const children = type.children as { name: string }[];
      const names = uniqueColumnNames(children.map((child) => child.name));
      const columns = data.children.map((child) => dataValues(child));
      for (let i = 0; i < data.length; i++) {
        out[i] = valid(i) ? Object.fromEntries(names.map((name, c) => [name, columns[c][i]])) : null;
      }
      return out;
    }
    default: {
      const vector = makeVector(data);
      for (let i = 0; i < data.length; i++) out[i] = valid(i) ? plainValue(type, vector.get(i)) : null;
      return out;
    }
  }
}

/** One value from apache-arrow's getter, normalised by its type. */
function plainValue(type: DataType & Record<string, any>, value: unknown): QueryValue {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case Type.Date: {
      const ms = value instanceof Date ? value.getTime() : Number(value);
      return new Date(ms).toISOString().slice(0, 10);
    }
    case Type.List: case Type.LargeList: case Type.FixedSizeList:
      return vectorValues(value as Vector);
    case Type.Time:
      return formatTime(BigInt(value as number | bigint), type.unit as number);
    default:
      return genericValue(value);
  }
}

/** A value whose type we do not special-case (map entries, unions, intervals, durations). */
function genericValue(value: unknown): QueryValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return formatInteger(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return formatBytes(value);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number | bigint>, genericValue);
  if (Array.isArray(value)) return value.map(genericValue);
  const object = value as { data?: Data[]; toJSON?: () => unknown };
  if (Array.isArray(object.data) && object.data.every((d) => typeof d === 'object' && d !== null && 'typeId' in d)) return vectorValues(value as Vector);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), genericValue(v)]));
  if (typeof object.toJSON === 'function') {
    const json = object.toJSON();
    if (json !== value) return genericValue(json);
  }
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, genericValue(v)]));
}

/** A little-endian two's complement integer spread over `count` 32-bit words. */
function wordsToBigInt(words: Uint32Array, start: number, count: number): bigint {
  let result = 0n;
  for (let w = count - 1; w >= 0; w--) result = (result << 32n) | BigInt(words[start + w]);
  return BigInt.asIntN(count * 32, result);
}

/** A time of day since midnight as `HH:MM:SS` with fraction digits only when they are not zero. */
function formatTime(value: bigint, unit: number): string {
  const nanos = value * NANOS_PER_UNIT[unit];
  const seconds = Number(nanos / 1_000_000_000n);
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  return fraction ? `${clock}.${fraction}` : clock;
}

const UNIT_NAMES = ['Second', 'Millisecond', 'Microsecond', 'Nanosecond'];

/** An Arrow type as arrow-rs prints it (what Amp's schemas and declared-type.ts use). */
export function arrowTypeName(type: DataType): string {
  const t = type as DataType & Record<string, any>;
  switch (t.typeId) {
    case Type.Null: return 'Null';
    case Type.Int: return `${t.isSigned ? 'Int' : 'UInt'}${t.bitWidth}`;
    case Type.Float: return ['Float16', 'Float32', 'Float64'][t.precision as number] ?? 'Float64';
    case Type.Bool: return 'Boolean';
    case Type.Utf8: return 'Utf8';
    case Type.LargeUtf8: return 'LargeUtf8';
    case Type.Binary: return 'Binary';
    case Type.LargeBinary: return 'LargeBinary';
    case Type.FixedSizeBinary: return `FixedSizeBinary(${t.byteWidth})`;
    case Type.Decimal: return `Decimal${t.bitWidth}(${t.precision}, ${t.scale})`;
    case Type.Date: return t.unit === 0 ? 'Date32' : 'Date64';
    case Type.Timestamp: return `Timestamp(${UNIT_NAMES[t.unit]}, ${t.timezone ? `Some(${JSON.stringify(t.timezone)})` : 'None'})`;
    case Type.List: return `List(${arrowTypeName(t.children[0].type)})`;
    case Type.LargeList: return `LargeList(${arrowTypeName(t.children[0].type)})`;
    case Type.Dictionary: return `Dictionary(${arrowTypeName(t.indices)}, ${arrowTypeName(t.dictionary)})`;
    default: return String(type);
  }
}
