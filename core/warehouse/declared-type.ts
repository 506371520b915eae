/**
 * A column's data type as a project declares it, independent of any warehouse. Declarations come in two
 * spellings: Arrow names as Amp reports them (`UInt64`, `FixedSizeBinary(32)`, `Timestamp(Nanosecond, +00:00)`,
 * `Decimal128(38, 0)`; see shared/amp/firehose-evm.md) and SQL names (`bigint`, `varchar(20)`, `numeric(10, 2)`,
 * `timestamp with time zone`, `integer[]`). Each adapter's dialect maps this to its own column type.
 */
export type DeclaredType =
  | { kind: 'integer'; bits: 8 | 16 | 32 | 64 | 128; signed: boolean }
  | { kind: 'float'; bits: 32 | 64 }
  | { kind: 'boolean' }
  | { kind: 'string' }
  | { kind: 'binary' }
  | { kind: 'decimal'; precision: number | null; scale: number }
  | { kind: 'timestamp'; withZone: boolean }
  | { kind: 'date' }
  | { kind: 'time' }
  | { kind: 'interval' }
  | { kind: 'uuid' }
  | { kind: 'json' }
  | { kind: 'list'; element: DeclaredType };

const int = (bits: 8 | 16 | 32 | 64 | 128, signed = true): DeclaredType => ({ kind: 'integer', bits, signed });

/** Names without arguments, lower case, spaces collapsed. Arrow and SQL names share this table. */
const simpleTypes: Record<string, DeclaredType> = {
  int8: int(8), int16: int(16), int32: int(32), int64: int(64),
  uint8: int(8, false), uint16: int(16, false), uint32: int(32, false), uint64: int(64, false),
  tinyint: int(8), smallint: int(16), int2: int(16), short: int(16), integer: int(32), int: int(32), int4: int(32),
  signed: int(32), bigint: int(64), long: int(64), hugeint: int(128), int128: int(128),
  utinyint: int(8, false), usmallint: int(16, false), uinteger: int(32, false), ubigint: int(64, false),
  uhugeint: int(128, false), uint128: int(128, false),
  float16: { kind: 'float', bits: 32 }, float32: { kind: 'float', bits: 32 }, float64: { kind: 'float', bits: 64 },
  real: { kind: 'float', bits: 32 }, float4: { kind: 'float', bits: 32 }, float: { kind: 'float', bits: 32 },
  double: { kind: 'float', bits: 64 }, 'double precision': { kind: 'float', bits: 64 }, float8: { kind: 'float', bits: 64 },
  boolean: { kind: 'boolean' }, bool: { kind: 'boolean' },
  utf8: { kind: 'string' }, largeutf8: { kind: 'string' }, utf8view: { kind: 'string' }, string: { kind: 'string' },
  text: { kind: 'string' }, varchar: { kind: 'string' }, 'character varying': { kind: 'string' }, char: { kind: 'string' },
  character: { kind: 'string' }, bpchar: { kind: 'string' },
  binary: { kind: 'binary' }, largebinary: { kind: 'binary' }, binaryview: { kind: 'binary' }, blob: { kind: 'binary' },
  bytea: { kind: 'binary' }, varbinary: { kind: 'binary' }, bytes: { kind: 'binary' },
  timestamp: { kind: 'timestamp', withZone: false }, 'timestamp without time zone': { kind: 'timestamp', withZone: false },
  datetime: { kind: 'timestamp', withZone: false }, timestamptz: { kind: 'timestamp', withZone: true },
  'timestamp with time zone': { kind: 'timestamp', withZone: true },
  date: { kind: 'date' }, date32: { kind: 'date' }, date64: { kind: 'date' },
  time: { kind: 'time' }, 'time without time zone': { kind: 'time' }, interval: { kind: 'interval' },
  uuid: { kind: 'uuid' }, json: { kind: 'json' }, jsonb: { kind: 'json' },
  numeric: { kind: 'decimal', precision: null, scale: 0 }, decimal: { kind: 'decimal', precision: null, scale: 0 },
};

/** The declared type of a type name, or undefined when it is not one we know (case-insensitive). */
export function parseDeclaredType(text: string): DeclaredType | undefined {
  const name = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (name.endsWith('[]')) {
    const element = parseDeclaredType(name.slice(0, -2));
    return element && { kind: 'list', element };
  }
  const simple = simpleTypes[name];
  if (simple) return simple;
  const call = /^([a-z0-9_ ]+?) ?\((.*)\)$/.exec(name);
  return call ? parseWithArguments(call[1], splitArguments(call[2])) : undefined;
}

function parseWithArguments(name: string, args: string[]): DeclaredType | undefined {
  const numbers = args.map((arg) => (/^\d+$/.test(arg) ? Number(arg) : NaN));
  switch (name) {
    case 'fixedsizebinary': case 'binary': case 'varbinary':
      return args.length === 1 && !isNaN(numbers[0]) ? { kind: 'binary' } : undefined;
    case 'varchar': case 'char': case 'character': case 'character varying': case 'bpchar':
      return args.length === 1 && !isNaN(numbers[0]) ? { kind: 'string' } : undefined;
    case 'decimal128': case 'decimal256': case 'decimal32': case 'decimal64': case 'decimal': case 'numeric':
      return decimal(numbers);
    case 'timestamp':
      return timestamp(args);
    case 'time32': case 'time64':
      return args.length === 1 && timeUnit(args[0]) ? { kind: 'time' } : undefined;
    case 'timestamp with time zone': case 'timestamp without time zone':
      return args.length === 1 && !isNaN(numbers[0]) ? { kind: 'timestamp', withZone: name.includes(' with ') } : undefined;
    default:
      return undefined;
  }
}

function decimal(numbers: number[]): DeclaredType | undefined {
  if (numbers.length < 1 || numbers.length > 2 || numbers.some(isNaN)) return undefined;
  const [precision, scale = 0] = numbers;
  return precision >= 1 && scale <= precision ? { kind: 'decimal', precision, scale } : undefined;
}

/** `Timestamp(Nanosecond, +00:00)`, `Timestamp(ns, "UTC")`, `Timestamp(Microsecond, Some("+00:00"))`, `Timestamp(Second, None)`. */
function timestamp(args: string[]): DeclaredType | undefined {
  if (args.length < 1 || args.length > 2 || !timeUnit(args[0])) return undefined;
  const zone = (args[1] ?? 'none').replace(/^some\((.*)\)$/, '$1').replace(/^"(.*)"$/, '$1').trim();
  return { kind: 'timestamp', withZone: zone !== 'none' && zone !== '' };
}

function timeUnit(text: string): boolean {
  return ['second', 'millisecond', 'microsecond', 'nanosecond', 's', 'ms', 'us', 'µs', 'ns'].includes(text);
}

/** Top-level comma-separated arguments (a zone like `Some("+00:00")` keeps its own parentheses). */
function splitArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(text.slice(start).trim());
  return args;
}
