/**
 * A model file's text with everything that is not SQL of its full-refresh rendering blanked out (replaced
 * by spaces, newlines kept), so SQL found in it sits at the file's own lines and columns: Jinja comments,
 * tags and expressions, the `{% if is_incremental() %}` branch, and a header-pragma model's
 * `#if is_incremental` branch and directive lines.
 */
export function blankNonSql(content: string): string {
  return blankTemplate(blankIncrementalBranches(content));
}

/**
 * A model or macro file's text with its Jinja comments, tags and expressions and its header-pragma directive
 * lines blanked (spaces, newlines kept), every branch of an `if` kept: the SQL a rendering may take from it,
 * at the file's own lines and columns.
 */
export function blankTemplate(content: string): string {
  return blankJinjaTags(content).replace(/^[ \t]*#(?:if|elif|else|endif)\b.*$/gm, blank);
}

const blank = (text: string) => text.replace(/[^\n]/g, ' ');

/** Blanks every `{# #}`, `{% %}` and `{{ }}` (up to the end of the text when one is not closed). */
function blankJinjaTags(text: string): string {
  let out = '';
  let copied = 0;
  for (const match of text.matchAll(/\{[{%#]/g)) {
    if (match.index < copied) continue;
    const end = jinjaTagEnd(text, match.index);
    out += text.slice(copied, match.index) + blank(text.slice(match.index, end));
    copied = end;
  }
  return out + text.slice(copied);
}

/**
 * Where the tag opening at `start` ends (just after it). As in Jinja2, quoted strings are skipped and a `}}`
 * that closes a `{` opened inside the tag (`{{ config(meta={'a': {'b': 1}}) }}`) does not end it.
 */
function jinjaTagEnd(text: string, start: number): number {
  const kind = text[start + 1];
  if (kind === '#') {
    const close = text.indexOf('#}', start + 2);
    return close < 0 ? text.length : close + 2;
  }
  const close = kind === '%' ? '%}' : '}}';
  let open = 0;
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (open === 0 && text.startsWith(close, i)) {
      return i + 2;
    } else if (c === '{') {
      open++;
    } else if (c === '}' && open > 0) {
      open--;
    }
  }
  return text.length;
}

const JINJA_TAG = /\{%-?\s*(if|elif|else|endif)\b([^%]*)-?%\}/g;
const PRAGMA_TAG = /^[ \t]*#(if|elif|else|endif)\b(.*)$/gm;

/** Blanks the body of every `if is_incremental` branch (up to its `else`/`elif`/`endif` at the same depth). */
function blankIncrementalBranches(content: string): string {
  let text = content;
  for (const pattern of [JINJA_TAG, PRAGMA_TAG]) {
    const tags = [...text.matchAll(pattern)].map((m) => ({ kind: m[1], rest: m[2], start: m.index, end: m.index + m[0].length }));
    for (let i = 0; i < tags.length; i++) {
      if (tags[i].kind !== 'if' || !/\bis_incremental\b/.test(tags[i].rest) || /\bnot\b/.test(tags[i].rest)) continue;
      let depth = 0;
      for (let j = i + 1; j < tags.length; j++) {
        const kind = tags[j].kind;
        if (kind === 'if') depth++;
        else if (kind === 'endif' && depth > 0) depth--;
        else if (depth === 0) {
          text = text.slice(0, tags[i].end) + blank(text.slice(tags[i].end, tags[j].start)) + text.slice(tags[j].start);
          break;
        }
      }
    }
  }
  return text;
}
