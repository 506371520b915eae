import { refPlaceholder as ref } from '../../core/compile/placeholders.js';
import type { Manifest } from '../../core/state/state-types.js';
import { manifest, manifestModel } from './synthetic-manifest.js';

const fp = (c: string) => c.repeat(64);
const blob = (c: string) => c.repeat(40);

/** Two small manifests with one change of every kind, for rendering tests. */
export function renderFixture(): { base: Manifest; head: Manifest } {
  const base = manifest('1'.repeat(40), [
    manifestModel('stg_orders', '-- raw orders\nselect 1 as id, 5 as amount\n', { fingerprint: fp('a'), blobId: blob('a') }),
    manifestModel('orders', `select id, amount * 100 as cents\nfrom ${ref('stg_orders')}\nwhere amount > 10\n`,
      { refs: ['stg_orders'], fingerprint: fp('b'), blobId: blob('b'), usedVars: ['min_amount'] }),
    manifestModel('totals', `select count(*) as n\nfrom ${ref('orders')}\n`, { refs: ['orders'], fingerprint: fp('c'), blobId: blob('c') }),
    manifestModel('legacy', `select * from ${ref('stg_orders')}\n`, { refs: ['stg_orders'], fingerprint: fp('d'), blobId: blob('d') }),
  ], { vars: { min_amount: 10 } });
  const head = manifest('2'.repeat(40), [
    manifestModel('stg_orders', '-- raw orders, from the shop\nselect 1 as id, 5 as amount\n', { fingerprint: fp('a'), blobId: blob('e') }),
    manifestModel('orders', `select id, amount * 100 as cents\nfrom ${ref('stg_orders')}\nwhere amount > 20\n`,
      { refs: ['stg_orders'], fingerprint: fp('f'), blobId: blob('b'), usedVars: ['min_amount'], config: { materialized: 'table' }, materialized: 'table' }),
    manifestModel('totals', `select count(*) as n\nfrom ${ref('orders')}\n`, { refs: ['orders'], fingerprint: fp('9'), blobId: blob('c') }),
    manifestModel('customers', `select distinct id\nfrom ${ref('stg_orders')}\n`, { refs: ['stg_orders'], fingerprint: fp('8'), blobId: blob('8') }),
  ], { vars: { min_amount: 20 } });
  return { base, head };
}
