import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The value of `section.subsection.key` in a git config file's text (the last one set, as `git config --get`
 * prints), or undefined. Reads git's syntax: `[section "subsection"]` and the older `[section.subsection]`,
 * names case-insensitive except the quoted subsection, quoted values with `\"`, `\\`, `\n` and `\t`, comments
 * after `#` or `;` outside quotes, lines continued with a trailing backslash, and a bare key meaning `true`.
 * Includes (`[include] path = ...`) are not followed.
 */
export function gitConfigValue(text: string, section: string, subsection: string | null, key: string): string | undefined {
  let inSection = false;
  let value: string | undefined;
  for (const line of logicalLines(text)) {
    let trimmed = line.trimStart();
    if (trimmed.startsWith('[')) {
      const header = parseHeader(trimmed);
      inSection = header !== null && header.section === section.toLowerCase() && header.subsection === subsection;
      // A key may follow the header on its line.
      trimmed = header ? trimmed.slice(header.length).trimStart() : '';
    }
    if (!inSection) continue;
    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=(.*))?$/.exec(trimmed.trimEnd());
    if (entry && entry[1].toLowerCase() === key.toLowerCase()) value = entry[2] === undefined ? 'true' : parseValue(entry[2]);
  }
  return value;
}

/** `url` of remote `origin` in the repository whose shared git folder is `commonDir`, or undefined. */
export function originUrl(commonDir: string): string | undefined {
  return configValue(commonDir, 'remote', 'origin', 'url');
}

/** The object format (`sha1`, `sha256`) of the repository whose shared git folder is `commonDir`: `extensions.objectFormat`. */
export function objectFormat(commonDir: string): string {
  return configValue(commonDir, 'extensions', null, 'objectformat')?.toLowerCase() ?? 'sha1';
}

/** `section.subsection.key` in the config file of the repository whose shared git folder is `commonDir` (see gitConfigValue). */
export function configValue(commonDir: string, section: string, subsection: string | null, key: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(commonDir, 'config'), 'utf8');
  } catch {
    return undefined;
  }
  return gitConfigValue(text, section, subsection, key);
}

/** The file's lines with backslash-continued lines joined (a header line cannot continue, so this is safe). */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = pending + raw;
    if (/(^|[^\\])(\\\\)*\\$/.test(line) && !line.trimStart().startsWith('[')) {
      pending = line.slice(0, -1);
      continue;
    }
    pending = '';
    lines.push(line);
  }
  if (pending) lines.push(pending);
  return lines;
}

/** A section header at the start of `line`: its names and how many characters it takes. */
function parseHeader(line: string): { section: string; subsection: string | null; length: number } | null {
  const quoted = /^\[\s*([A-Za-z0-9.-]+)\s+"((?:[^"\\]|\\.)*)"\s*\]/.exec(line);
  if (quoted) return { section: quoted[1].toLowerCase(), subsection: quoted[2].replace(/\\(.)/g, '$1'), length: quoted[0].length };
  const plain = /^\[\s*([A-Za-z0-9-]+)(?:\.([A-Za-z0-9.-]+))?\s*\]/.exec(line);
  if (!plain) return null;
  // The older form `[section.subsection]` lowercases the subsection.
  return { section: plain[1].toLowerCase(), subsection: plain[2] === undefined ? null : plain[2].toLowerCase(), length: plain[0].length };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', b: '\b', '"': '"', '\\': '\\' };

/** A value after `=`: quotes removed, escapes applied, a comment outside quotes dropped, outer blanks trimmed. */
function parseValue(raw: string): string {
  let out = '';
  let quoted = false;
  let kept = 0;
  for (let i = raw.length - raw.trimStart().length; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') {
      quoted = !quoted;
      kept = out.length;
      continue;
    }
    if (c === '\\' && i + 1 < raw.length) {
      out += ESCAPES[raw[++i]] ?? raw[i];
      kept = out.length;
      continue;
    }
    if (!quoted && (c === '#' || c === ';')) break;
    out += c;
    if (quoted || !/\s/.test(c)) kept = out.length;
  }
  return out.slice(0, kept);
}
