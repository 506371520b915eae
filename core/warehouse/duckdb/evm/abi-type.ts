/**
 * Solidity ABI types as they appear in event signatures, reduced to what hashing and decoding need:
 * the canonical spelling (topic0 is the keccak256 of the canonical signature, so `uint` must become
 * `uint256`) and whether a value fits in one 32-byte word.
 */
export type AbiType =
  | { kind: 'address' }
  | { kind: 'bool' }
  | { kind: 'uint' | 'int'; bits: number }
  | { kind: 'fixed-bytes'; size: number }
  | { kind: 'bytes' }
  | { kind: 'string' }
  | { kind: 'array'; element: AbiType; length: number | null }
  | { kind: 'tuple'; components: AbiType[] }
  /** Types that only matter for hashing (`function`, `fixedMxN`, `ufixedMxN`), kept by canonical name. */
  | { kind: 'other'; name: string };

/** The canonical spelling used in the hashed signature: `uint256`, `bytes32[]`, `(address,uint256)`. */
export function canonicalType(type: AbiType): string {
  switch (type.kind) {
    case 'uint':
    case 'int':
      return `${type.kind}${type.bits}`;
    case 'fixed-bytes':
      return `bytes${type.size}`;
    case 'array':
      return `${canonicalType(type.element)}[${type.length ?? ''}]`;
    case 'tuple':
      return `(${type.components.map(canonicalType).join(',')})`;
    case 'other':
      return type.name;
    default:
      return type.kind;
  }
}

/**
 * Value types fit one word and are stored as themselves in a topic; strings, bytes, arrays and tuples
 * are stored in a topic as the keccak256 of their encoding (Solidity's rule for indexed parameters).
 */
export function isValueType(type: AbiType): boolean {
  return type.kind === 'address' || type.kind === 'bool' || type.kind === 'uint' || type.kind === 'int'
    || type.kind === 'fixed-bytes' || (type.kind === 'other' && type.name === 'function');
}

/** An elementary type name (`uint`, `uint8`, `bytes32`, `address`, ...), or null when it is not one. */
export function elementaryType(name: string): AbiType | null {
  switch (name) {
    case 'address':
    case 'bool':
    case 'bytes':
    case 'string':
      return { kind: name };
    case 'function':
      return { kind: 'other', name };
    case 'byte':
      return { kind: 'fixed-bytes', size: 1 };
    case 'fixed':
    case 'ufixed':
      return { kind: 'other', name: `${name}128x18` };
  }
  const integer = /^(u?int)(\d*)$/.exec(name);
  if (integer) {
    const bits = integer[2] === '' ? 256 : Number(integer[2]);
    if (bits < 8 || bits > 256 || bits % 8 !== 0 || integer[2].startsWith('0')) return null;
    return { kind: integer[1] as 'uint' | 'int', bits };
  }
  const fixedBytes = /^bytes([1-9]\d?)$/.exec(name);
  if (fixedBytes) {
    const size = Number(fixedBytes[1]);
    return size <= 32 ? { kind: 'fixed-bytes', size } : null;
  }
  if (/^u?fixed\d+x\d+$/.test(name)) return { kind: 'other', name };
  return null;
}
