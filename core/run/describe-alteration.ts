import type { TableAlteration } from './run-types.js';

/**
 * How on_schema_change altered an incremental model's table, as the run's line and `state run` say it:
 * `columns added: note VARCHAR; dropped: kind; retyped: amount INTEGER to BIGINT`.
 */
export function describeAlteration(altered: TableAlteration): string {
  const parts = [
    altered.added.length ? `added: ${altered.added.join(', ')}` : '',
    altered.dropped.length ? `dropped: ${altered.dropped.join(', ')}` : '',
    altered.retyped.length ? `retyped: ${altered.retyped.join(', ')}` : '',
  ].filter(Boolean);
  return `columns ${parts.join('; ')}`;
}

/** A recorded model result's alteration (its `details.altered`), or undefined. */
export function recordedAlteration(details: unknown): TableAlteration | undefined {
  const altered = (details as { altered?: unknown } | null | undefined)?.altered;
  if (!altered || typeof altered !== 'object') return undefined;
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const { added, dropped, retyped } = altered as Record<string, unknown>;
  return { added: list(added), dropped: list(dropped), retyped: list(retyped) };
}
