/** `owner/name` from a remote URL (https, ssh or scp-like), or undefined. */
export function ownerAndName(url: string): string | undefined {
  const match = /[/:]([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url.trim());
  return match ? `${match[1]}/${match[2]}` : undefined;
}
