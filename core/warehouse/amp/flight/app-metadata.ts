/**
 * Amp's per-batch `FlightData.app_metadata`: UTF-8 JSON naming the block ranges the batch covers, e.g.
 * `{"ranges":[{"network":"mainnet","numbers":{"start":100,"end":102},"hash":"0x…","prev_hash":"0x…"}],
 * "ranges_complete":true}` (`ranges_complete`: this is the last batch for those ranges). Streaming queries
 * and incremental loads use it to know how far the data goes.
 */
export interface BlockRange {
  network: string;
  /** Inclusive block numbers. */
  numbers: { start: number; end: number };
  /** Hash of the end block. */
  hash: string;
  /** Hash of the parent of the start block, when known. */
  prev_hash?: string;
}

export interface AmpBatchMetadata {
  ranges?: BlockRange[];
  ranges_complete?: boolean;
  [key: string]: unknown;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A FlightData's app_metadata: null when empty, the parsed object when it is a JSON object (Amp's block
 * ranges), the raw bytes otherwise (another server's binary metadata is passed through untouched).
 */
export function parseAppMetadata(bytes: Uint8Array | undefined): AmpBatchMetadata | Uint8Array | null {
  if (!bytes || bytes.byteLength === 0) return null;
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as AmpBatchMetadata : bytes;
  } catch {
    return bytes;
  }
}
