import { keccak_256 } from '@noble/hashes/sha3.js';
import { parseEventSignature } from './event-signature.js';

/**
 * topic0 of an event: keccak256 of its canonical signature (types only, `uint` spelled `uint256`),
 * so `Transfer(address,address,uint256)` and `Transfer(address indexed from, address indexed to, uint value)`
 * give the same 32 bytes. Throws AdapterError `unsupported-sql` for a malformed signature.
 */
export function evmTopic(signature: string): Uint8Array {
  return keccak_256(new TextEncoder().encode(parseEventSignature(signature).canonical));
}
