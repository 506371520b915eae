import { ModelGraph, type GraphNode } from '../../core/graph/model-graph.js';

/** A node with sensible defaults: a view under models/ with no tags, parents or sources; its fqn (project `wh`) from its path. */
export function model(name: string, parents: string[] = [], extra: Partial<GraphNode> = {}): GraphNode {
  const node: GraphNode = { name, path: `models/${name}.sql`, tags: [], materialized: 'view', config: {}, parents, sources: [], ...extra };
  return { ...node, fqn: extra.fqn ?? ['wh', ...node.path.split('/').slice(1, -1), name] };
}

/**
 * A small warehouse project:
 *   eth.blocks -> stg_blocks; eth.logs -> stg_logs; erc20.transfers -> stg_transfers
 *   stg_transfers, stg_blocks -> int_transfers_enriched -> fct_volume -> report_daily
 *   stg_logs, stg_blocks -> fct_logs;  stg_transfers -> dim_tokens -> report_daily
 */
export function warehouse(): ModelGraph {
  return new ModelGraph([
    model('stg_logs', [], { path: 'models/staging/stg_logs.sql', tags: ['staging', 'eth'], sources: ['eth.logs'] }),
    model('stg_blocks', [], { path: 'models/staging/stg_blocks.sql', tags: ['staging'], sources: ['eth.blocks'] }),
    model('stg_transfers', [], { path: 'models/staging/erc20/stg_transfers.sql', tags: ['staging', 'erc20'], sources: ['erc20.transfers'] }),
    model('int_transfers_enriched', ['stg_transfers', 'stg_blocks'], { path: 'models/intermediate/int_transfers_enriched.sql', materialized: 'ephemeral' }),
    model('fct_volume', ['int_transfers_enriched'], {
      path: 'models/marts/fct_volume.sql', materialized: 'table', tags: ['daily'],
      config: { materialized: 'table', unique_key: ['day', 'token'], schema: 'marts', enabled: true },
    }),
    model('fct_logs', ['stg_logs', 'stg_blocks'], {
      path: 'models/marts/fct_logs.sql', materialized: 'incremental', tags: ['hourly'],
      config: { materialized: 'incremental', schema: 'marts', meta: { owner: 'data' } },
    }),
    model('dim_tokens', ['stg_transfers'], { path: 'models/marts/dim_tokens.sql', materialized: 'table' }),
    model('report_daily', ['fct_volume', 'dim_tokens'], { path: 'models/reports/report_daily.sql', tags: ['daily'] }),
  ]);
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
