import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitDirs } from './git-dirs.js';
import { userAttributesFiles } from './user-git-config.js';

/** The end-of-line attributes of a path: `text` (set, unset with `-text` or `binary`, or `auto`) and `eol`. */
export interface EolAttributes {
  text?: boolean | 'auto';
  eol?: 'lf' | 'crlf';
}

interface AttributeLine {
  /** Matches a path relative to the folder of the `.gitattributes` file the line is in. */
  matches: (path: string) => boolean;
  attributes: EolAttributes;
}

/**
 * The end-of-line attributes of files of the repository whose working tree is `repoRoot` (paths relative to
 * it, posix): from the `.gitattributes` files of the path's folders, the deeper over the shallower, the later
 * line over the earlier, over the system and global attributes files (`core.attributesFile`, userAttributesFiles),
 * and `info/attributes` of the shared git folder (a linked worktree's main one) over them all, as git reads
 * them. Macros other than `binary` are not read.
 */
export function eolAttributes(repoRoot: string, dirs: GitDirs): (path: string) => EolAttributes {
  const folders = new Map<string, AttributeLine[]>();
  const linesOf = (folder: string): AttributeLine[] => {
    let lines = folders.get(folder);
    if (!lines) folders.set(folder, (lines = parseAttributes(readOrEmpty(join(repoRoot, folder, '.gitattributes')))));
    return lines;
  };
  const user = userAttributesFiles(repoRoot, dirs.commonDir).map((file) => parseAttributes(readOrEmpty(file)));
  const info = parseAttributes(readOrEmpty(join(dirs.commonDir, 'info', 'attributes')));
  return (path) => {
    const parts = path.split('/');
    const result: EolAttributes = {};
    for (const lines of user) apply(result, lines, path);
    for (let depth = 0; depth < parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      apply(result, linesOf(folder), parts.slice(depth).join('/'));
    }
    apply(result, info, path);
    return result;
  };
}

function apply(result: EolAttributes, lines: AttributeLine[], path: string): void {
  for (const line of lines) {
    if (!line.matches(path)) continue;
    if ('text' in line.attributes) result.text = line.attributes.text;
    if ('eol' in line.attributes) result.eol = line.attributes.eol;
  }
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The lines of a gitattributes file that set end-of-line attributes (`!attr`, unspecified, clears one). */
export function parseAttributes(text: string): AttributeLine[] {
  const lines: AttributeLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const [pattern, ...settings] = raw.trim().split(/\s+/);
    // Comments, blank lines, negative patterns (refused by git) and quoted patterns (not read here).
    if (!pattern || pattern.startsWith('#') || pattern.startsWith('!') || pattern.startsWith('"')) continue;
    const attributes: EolAttributes = {};
    for (const setting of settings) {
      if (setting === 'text' || setting === 'crlf') attributes.text = true;
      else if (setting === '-text' || setting === '-crlf' || setting === 'binary') attributes.text = false;
      else if (setting === 'text=auto') attributes.text = 'auto';
      else if (setting === '!text' || setting === '!crlf') attributes.text = undefined;
      else if (setting === 'eol=lf' || setting === 'crlf=input') attributes.eol = 'lf';
      else if (setting === 'eol=crlf') attributes.eol = 'crlf';
      else if (setting === '!eol' || setting === '-eol') attributes.eol = undefined;
    }
    if (Object.keys(attributes).length > 0) lines.push({ matches: patternMatcher(pattern), attributes });
  }
  return lines;
}

/**
 * git's wildmatch for a gitattributes pattern: without a slash it matches the file name at any depth; with one,
 * the path from the attributes file's folder (`*` and `?` not crossing `/`, `**` crossing it, `[...]` classes).
 * A pattern ending in `/` names folders only, so it matches no file.
 */
function patternMatcher(pattern: string): (path: string) => boolean {
  if (pattern.endsWith('/')) return () => false;
  const anchored = pattern.includes('/');
  const body = pattern.replace(/^\//, '');
  let source = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '*' && body[i + 1] === '*' && (i === 0 || body[i - 1] === '/') && (i + 2 === body.length || body[i + 2] === '/')) {
      // `**/` any folders (none included), a trailing `/**` everything below.
      source += i + 2 === body.length ? '.*' : '(?:.*/)?';
      i += 2;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = body.indexOf(']', i + 2);
      if (end === -1) source += '\\[';
      else {
        const inner = body.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${inner}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < body.length) source += escape(body[++i]);
    else source += escape(c);
  }
  const regex = new RegExp(`^${source}$`);
  return anchored ? (path) => regex.test(path) : (path) => regex.test(path.slice(path.lastIndexOf('/') + 1));
}

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
