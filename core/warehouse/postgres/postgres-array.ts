import type { QueryValue } from '../warehouse-adapter.js';

/**
 * Parses PostgreSQL's text form of an array (`{1,2,NULL}`, `{"a,b","c\"d"}`, `{{1,2},{3,4}}`, with an
 * optional `[1:2]=` bounds prefix), each element through `parse`, so array elements are normalised like
 * the columns they could have been.
 */
export function parsePostgresArray(text: string, parse: (element: string) => QueryValue): QueryValue[] {
  let i = text.startsWith('[') ? text.indexOf('=') + 1 : 0;

  const readList = (): QueryValue[] => {
    const items: QueryValue[] = [];
    i++; // '{'
    if (text[i] === '}') {
      i++;
      return items;
    }
    for (;;) {
      items.push(readItem());
      const separator = text[i++];
      if (separator !== ',') return items; // '}' (or the end of malformed text)
    }
  };

  const readItem = (): QueryValue => {
    if (text[i] === '{') return readList();
    if (text[i] === '"') {
      let value = '';
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        value += text[i];
      }
      i++; // closing '"'
      return parse(value);
    }
    const start = i;
    while (i < text.length && text[i] !== ',' && text[i] !== '}') i++;
    const raw = text.slice(start, i);
    return raw === 'NULL' ? null : parse(raw);
  };

  return text[i] === '{' ? readList() : [];
}
