// Writes a small, deterministic sample of Amp's Ethereum firehose tables (blocks, transactions, logs) as CSV,
// so the erc20_transfers example runs on the embedded DuckDB without an Amp server.
// Usage: node scripts/generate-firehose-sample.mjs [output-folder]
//   default folder: fixtures/projects/erc20_transfers/seeds/eth_firehose
// Same bytes on every run and machine: all randomness comes from keccak256 of a fixed seed and a counter.
// Columns: `_block_num`, then what models/staging/_sources.yml declares for each table. Binary values are
// 0x-prefixed lower-case hex, timestamps ISO-8601 UTC, a NULL topic an empty field.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = resolve(process.argv[2] ?? join(root, 'fixtures/projects/erc20_transfers/seeds/eth_firehose'));

const FIRST_BLOCK = 19_000_000; // the project's var('start_block')
const EARLY_BLOCKS = 5; // before FIRST_BLOCK: the models filter them out
const BLOCKS = 300;
const FIRST_TIMESTAMP = Date.UTC(2024, 0, 15); // of FIRST_BLOCK; one block every 12 seconds
const MAX_UINT256 = (1n << 256n) - 1n;

/** A byte stream from keccak256(seed, counter): deterministic, and well mixed enough for sample data. */
class Random {
  #seed = utf8ToBytes('amp-dbt firehose sample v1');
  #counter = 0;
  #pool = new Uint8Array(0);
  #at = 0;

  byte() {
    if (this.#at === this.#pool.length) {
      this.#pool = keccak_256(new Uint8Array([...this.#seed, ...utf8ToBytes(String(this.#counter++))]));
      this.#at = 0;
    }
    return this.#pool[this.#at++];
  }

  /** An integer in [0, n), n below 2^40. */
  int(n) {
    let value = 0;
    for (let i = 0; i < 6; i++) value = value * 256 + this.byte();
    return value % n;
  }

  between(low, high) {
    return low + this.int(high - low + 1);
  }

  chance(probability) {
    return this.int(1_000_000) < probability * 1_000_000;
  }

  pick(items) {
    return items[this.int(items.length)];
  }
}

const random = new Random();
const hash = (label) => `0x${bytesToHex(keccak_256(utf8ToBytes(label)))}`;
const addressOf = (label) => `0x${hash(label).slice(-40)}`;
const word = (value) => `0x${value.toString(16).padStart(64, '0')}`;
const addressTopic = (address) => `0x${address.slice(2).padStart(64, '0')}`;
const topicOf = (signature) => hash(signature);

const ZERO = `0x${'0'.repeat(40)}`;
const TRANSFER = topicOf('Transfer(address,address,uint256)');
const APPROVAL = topicOf('Approval(address,address,uint256)');
const holders = Array.from({ length: 40 }, (_, i) => addressOf(`holder:${i}`));
const builders = Array.from({ length: 4 }, (_, i) => addressOf(`builder:${i}`));
const routers = Array.from({ length: 2 }, (_, i) => addressOf(`router:${i}`));
// Made-up contracts named after familiar tokens; `decimals` only shapes the amounts.
const tokens = [
  ['USDC', 6], ['USDT', 6], ['WETH', 18], ['DAI', 18], ['LINK', 18], ['UNI', 18], ['PEPE', 18], ['MKR', 18],
].map(([symbol, decimals]) => ({ address: addressOf(`token:${symbol}`), decimals }));
const nfts = ['PUNKS', 'APES'].map((symbol) => addressOf(`nft:${symbol}`));

function amount(token) {
  const mantissa = BigInt(random.between(1, 999_999));
  const exponent = token.decimals === 6 ? random.between(0, 6) : random.between(9, 19);
  return mantissa * 10n ** BigInt(exponent);
}

/** One ERC-20 Transfer: now and then a mint (from the zero address) or a burn (to it). */
function erc20Transfer(token, from, to) {
  const kind = random.int(100);
  const sender = kind < 4 ? ZERO : from;
  const receiver = kind >= 96 ? ZERO : to;
  return { address: token.address, topics: [TRANSFER, addressTopic(sender), addressTopic(receiver), ''], data: word(amount(token)) };
}

function otherHolder(not) {
  const holder = random.pick(holders);
  return holder === not ? holders[(holders.indexOf(holder) + 1) % holders.length] : holder;
}

/** A transaction's recipient, value, gas, status and logs, by kind. */
function transaction(from) {
  const roll = random.int(100);
  if (roll < 8) return { to: otherHolder(from), value: String(BigInt(random.between(1, 9_999)) * 10n ** 15n), gas: 21_000, status: 1, logs: [] };
  if (roll < 11) return { to: random.pick(tokens).address, value: '0', gas: random.between(23_000, 40_000), status: 0, logs: [] };
  if (roll < 19) {
    const token = random.pick(tokens);
    const allowance = random.chance(0.4) ? MAX_UINT256 : amount(token);
    const topics = [APPROVAL, addressTopic(from), addressTopic(random.pick(routers)), ''];
    return { to: token.address, value: '0', gas: random.between(44_000, 47_000), status: 1, logs: [{ address: token.address, topics, data: word(allowance) }] };
  }
  if (roll < 25) {
    // An NFT sale: the ERC-721 Transfer (token id in topic3, empty data), often paid for in WETH.
    const nft = random.pick(nfts);
    const seller = otherHolder(from);
    const logs = [{ address: nft, topics: [TRANSFER, addressTopic(seller), addressTopic(from), word(BigInt(random.int(10_000)))], data: '0x' }];
    if (random.chance(0.5)) logs.push({ address: tokens[2].address, topics: [TRANSFER, addressTopic(from), addressTopic(seller), ''], data: word(amount(tokens[2])) });
    return { to: nft, value: '0', gas: random.between(50_000, 120_000), status: 1, logs };
  }
  if (roll < 45) {
    const hops = random.between(2, 4);
    const logs = Array.from({ length: hops }, () => erc20Transfer(random.pick(tokens), from, otherHolder(from)));
    return { to: random.pick(routers), value: '0', gas: random.between(120_000, 260_000), status: 1, logs };
  }
  const token = random.pick(tokens);
  return { to: token.address, value: '0', gas: random.between(34_000, 65_000), status: 1, logs: [erc20Transfer(token, from, otherHolder(from))] };
}

const blocks = [['_block_num', 'block_num', 'timestamp', 'hash', 'parent_hash', 'miner', 'gas_limit', 'gas_used', 'base_fee_per_gas']];
const transactions = [['_block_num', 'block_num', 'block_hash', 'timestamp', 'tx_index', 'tx_hash', 'from', 'to', 'value', 'gas_used', 'status']];
const logs = [['_block_num', 'block_num', 'block_hash', 'timestamp', 'tx_hash', 'tx_index', 'log_index', 'address', 'topic0', 'topic1', 'topic2', 'topic3', 'data']];

for (let number = FIRST_BLOCK - EARLY_BLOCKS; number < FIRST_BLOCK + BLOCKS; number++) {
  const blockHash = hash(`block:${number}`);
  const timestamp = new Date(FIRST_TIMESTAMP + (number - FIRST_BLOCK) * 12_000).toISOString().replace('.000Z', 'Z');
  const count = random.between(2, 7);
  let gasUsed = 0;
  let logIndex = 0;
  for (let txIndex = 0; txIndex < count; txIndex++) {
    const from = random.pick(holders);
    const tx = transaction(from);
    const txHash = hash(`tx:${number}:${txIndex}`);
    gasUsed += tx.gas;
    transactions.push([number, number, blockHash, timestamp, txIndex, txHash, from, tx.to, tx.value, tx.gas, tx.status]);
    for (const log of tx.logs) logs.push([number, number, blockHash, timestamp, txHash, txIndex, logIndex++, log.address, ...log.topics, log.data]);
  }
  const baseFee = BigInt(random.between(15_000, 40_000)) * 1_000_000n;
  blocks.push([number, number, timestamp, blockHash, hash(`block:${number - 1}`), random.pick(builders), 30_000_000, gasUsed, baseFee]);
}

mkdirSync(outDir, { recursive: true });
for (const [name, rows] of [['blocks', blocks], ['transactions', transactions], ['logs', logs]]) {
  const text = rows.map((row) => row.join(',')).join('\n') + '\n';
  writeFileSync(join(outDir, `${name}.csv`), text);
  console.log(`${join(outDir, `${name}.csv`)}: ${rows.length - 1} rows, ${text.length} bytes`);
}
