/**
 * A connection URL with its password hidden, for messages and `location`. A URL without a host (a mistyped
 * `postgres:/user:pw@host`, which parses as a path) has its `user:password@` found by hand: the text before
 * the last `@`, after the scheme and slashes, is `user:password`.
 */
export function redactUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed?.host) {
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  }
  const at = url.lastIndexOf('@');
  if (at === -1) return url;
  const start = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/*/.exec(url)![0].length;
  const colon = url.indexOf(':', start);
  return colon === -1 || colon > at ? url : `${url.slice(0, colon)}:***${url.slice(at)}`;
}
