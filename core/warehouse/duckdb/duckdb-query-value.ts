import {
  arrayFromArrayValue, arrayFromListValue, DuckDBTypeId, fromVariantValue, objectArrayFromMapValue, objectFromStructValue,
  objectFromUnionValue, type DuckDBBlobValue, type DuckDBDecimalValue, type DuckDBTimestampMillisecondsValue,
  type DuckDBTimestampNanosecondsValue, type DuckDBTimestampSecondsValue, type DuckDBTimestampValue, type DuckDBValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api';
import { formatBytes, formatDecimal, formatInteger, formatTimestamp } from '../format-query-value.js';
import type { QueryValue } from '../warehouse-adapter.js';

/**
 * Reads a DuckDB value as a QueryValue. The driver's own JS converter is not used: it turns DECIMAL into a
 * lossy double and timestamps into millisecond Dates, while amp-dbt needs exact decimals and microseconds.
 * Nested values (LIST, ARRAY, STRUCT, MAP, UNION) reuse the driver's walkers with this converter.
 */
export const toQueryValue: DuckDBValueConverter<QueryValue> = (value, type, converter) => {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT: case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.FLOAT: case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.VARCHAR:
      return value as boolean | number | string;
    case DuckDBTypeId.BIGINT: case DuckDBTypeId.UBIGINT: case DuckDBTypeId.HUGEINT: case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return formatInteger(value as bigint);
    case DuckDBTypeId.DECIMAL: {
      const decimal = value as DuckDBDecimalValue;
      return formatDecimal(decimal.value, decimal.scale);
    }
    case DuckDBTypeId.BLOB:
      return formatBytes((value as DuckDBBlobValue).bytes);
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_TZ:
      return timestamp(value, () => (value as DuckDBTimestampValue).micros * 1_000n);
    case DuckDBTypeId.TIMESTAMP_S:
      return timestamp(value, () => (value as DuckDBTimestampSecondsValue).seconds * 1_000_000_000n);
    case DuckDBTypeId.TIMESTAMP_MS:
      return timestamp(value, () => (value as DuckDBTimestampMillisecondsValue).millis * 1_000_000n);
    case DuckDBTypeId.TIMESTAMP_NS:
      return timestamp(value, () => (value as DuckDBTimestampNanosecondsValue).nanos);
    case DuckDBTypeId.LIST: return arrayFromListValue(value, type, converter);
    case DuckDBTypeId.ARRAY: return arrayFromArrayValue(value, type, converter);
    case DuckDBTypeId.STRUCT: return objectFromStructValue(value, type, converter);
    case DuckDBTypeId.MAP: return objectArrayFromMapValue(value, type, converter);
    case DuckDBTypeId.UNION: return objectFromUnionValue(value, type, converter);
    case DuckDBTypeId.VARIANT: return fromVariantValue(value, type, converter);
    default:
      // DATE (YYYY-MM-DD), TIME, INTERVAL, UUID, ENUM, BIT...: DuckDB's own text.
      return String(value);
  }
};

/** ISO UTC for finite instants; `infinity`, `-infinity` and years past JS Dates as DuckDB prints them. */
function timestamp(value: DuckDBValue, epochNanos: () => bigint): string {
  const finite = (value as { isFinite?: boolean }).isFinite !== false;
  return (finite && formatTimestamp(epochNanos())) || String(value);
}
