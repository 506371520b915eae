import type pg from 'pg';

/** The sslmodes a target or a state URL may give (`no-verify` is the pg driver's own: TLS without checking the certificate). */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'] as const;

/**
 * The pg driver's `ssl` option for an sslmode, one meaning for the warehouse and the state database: disable,
 * allow and prefer connect without TLS (the driver cannot fall back from one to the other), require and
 * no-verify encrypt without checking the certificate (libpq's require), verify-ca and verify-full check it.
 * Undefined for a mode that is not one.
 */
export function sslOfMode(mode: string): pg.PoolConfig['ssl'] | undefined {
  switch (mode) {
    case 'disable': case 'allow': case 'prefer': return false;
    case 'require': case 'no-verify': return { rejectUnauthorized: false };
    case 'verify-ca': case 'verify-full': return { rejectUnauthorized: true };
    default: return undefined;
  }
}

/**
 * A connection URL without its `sslmode` parameter, and the `ssl` option that mode means (sslOfMode): left in
 * the URL, the driver would read require as verify-full (and print a security warning), unlike libpq and
 * unlike the same mode given as a target's `sslmode:`. `ssl` is undefined when the URL gives no known mode.
 */
export function withSslMode(url: string): { connectionString: string; ssl?: pg.PoolConfig['ssl'] } {
  const match = /[?&]sslmode=([^&#]*)/.exec(url);
  if (!match) return { connectionString: url };
  const ssl = sslOfMode(decodeURIComponent(match[1]!));
  if (ssl === undefined) return { connectionString: url };
  // The parameter and its separator go; a `?` before a remaining parameter stays one.
  const start = match.index;
  const rest = url.slice(start + match[0].length);
  const connectionString = url[start] === '?' ? (rest.startsWith('&') ? `${url.slice(0, start)}?${rest.slice(1)}` : url.slice(0, start) + rest) : url.slice(0, start) + rest;
  return { connectionString, ssl };
}
