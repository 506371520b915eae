import { after, before, describe } from 'node:test';
import { openStateStore, parseStateUrl } from '../../core/state/open-state-store.js';
import type { StateStore } from '../../core/state/state-store.js';
import { adoptionContract } from './contract/adoption-contract.js';
import { environmentContract } from './contract/environment-contract.js';
import { lockContract } from './contract/lock-contract.js';
import { manifestContract } from './contract/manifest-contract.js';
import { performanceContract } from './contract/performance-contract.js';
import { runContract } from './contract/run-contract.js';
import { schemaContract } from './contract/schema-contract.js';
import type { ContractContext, StateStoreHarness } from './state-store-harness.js';

let repos = 0;

/**
 * The one contract every StateStore passes. `harness` is called once the test file's hooks have run
 * (a PostgreSQL server starts in a `before` hook). All tests share one database, each under its own repository id.
 */
export function stateStoreContract(label: string, harness: () => StateStoreHarness): void {
  describe(`${label} state store contract`, () => {
    let store: StateStore | undefined;
    let url = '';
    const ctx: ContractContext = {
      store: () => store!,
      harness,
      url: () => url,
      repo: (name) => `acme/${name}-${++repos}-${process.pid}`,
    };
    before(async () => {
      url = await harness().newDatabaseUrl();
      store = await openStateStore(parseStateUrl(url));
    });
    after(async () => {
      await store?.close();
    });
    describe('manifests', () => manifestContract(ctx));
    describe('environments', () => environmentContract(ctx));
    describe('runs and model state', () => runContract(ctx));
    describe('locks', () => lockContract(ctx));
    describe('adopting the records of an older key', () => adoptionContract(ctx));
    describe('schema versions', () => schemaContract(ctx));
    describe('performance', () => performanceContract(ctx));
  });
}
