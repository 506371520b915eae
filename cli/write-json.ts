/** Text buffered before it is written: large enough that a write is rare, small enough to be reused memory. */
const FLUSH_AT = 64 * 1024;

/**
 * Writes `JSON.stringify(value, null, space)` through `write` in pieces of about 64 KB: the items of the arrays
 * at the top of an object (a diff's models, a graph's nodes) are serialised one at a time, so a large result is
 * never one string of megabytes and its UTF-8 copy (a 10,000-model diff is 5 MB; touching that much fresh
 * memory twice was a sixth of the command's time here). The text is exactly JSON.stringify's.
 */
export function writeJson(value: unknown, space: number | undefined, write: (text: string) => void): void {
  let buffered = '';
  const emit = (text: string) => {
    buffered += text;
    if (buffered.length >= FLUSH_AT) {
      write(buffered);
      buffered = '';
    }
  };
  if (!isPlainObject(value)) {
    emit(JSON.stringify(value, null, space));
  } else {
    // Newline and indentation before a line at depth 1 and 2 ('' when compact).
    const [at1, at2] = space ? [`\n${' '.repeat(space)}`, `\n${' '.repeat(2 * space)}`] : ['', ''];
    const colon = space ? ': ' : ':';
    let first = true;
    emit('{');
    for (const [key, item] of Object.entries(value)) {
      const text = Array.isArray(item) ? '' : JSON.stringify(item, null, space);
      if (text === undefined) continue; // undefined, functions and symbols are left out, as JSON.stringify does
      emit(`${first ? '' : ','}${at1}${JSON.stringify(key)}${colon}`);
      first = false;
      if (!Array.isArray(item)) {
        emit(space ? text.replaceAll('\n', at1) : text);
      } else if (item.length === 0) {
        emit('[]');
      } else {
        emit('[');
        for (let i = 0; i < item.length; i++) {
          const element = JSON.stringify(item[i], null, space) ?? 'null';
          emit(`${i === 0 ? '' : ','}${at2}${space ? element.replaceAll('\n', at2) : element}`);
        }
        emit(`${at1}]`);
      }
    }
    emit(first ? '}' : `${space ? '\n' : ''}}`);
  }
  write(`${buffered}\n`);
}

/** An object JSON.stringify writes as its own entries: not an array, not null, no toJSON (a Date has one). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
