import { SqlCursor } from './sql-cursor.js';

export interface KeywordHit {
  /** The keyword in lower case. */
  keyword: string;
  start: number;
  end: number;
}

/**
 * Every occurrence of one of `keywords` (case-insensitive) outside parentheses, strings, comments
 * and quoted identifiers, in order.
 */
export function findTopLevelKeywords(sql: string, keywords: Iterable<string>): KeywordHit[] {
  const wanted = new Set<string>();
  for (const keyword of keywords) wanted.add(keyword.toLowerCase());
  const hits: KeywordHit[] = [];
  const cursor = new SqlCursor(sql);
  let depth = 0;
  while (cursor.next()) {
    if (cursor.isPunct('(')) depth++;
    else if (cursor.isPunct(')')) depth = Math.max(0, depth - 1);
    else if (depth === 0 && cursor.kind === 'word') {
      const word = cursor.text.toLowerCase();
      if (wanted.has(word)) hits.push({ keyword: word, start: cursor.start, end: cursor.end });
    }
  }
  return hits;
}
