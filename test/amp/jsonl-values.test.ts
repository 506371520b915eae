import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonLine } from '../../core/warehouse/amp/jsonl/jsonl-values.js';

test('JSON Lines integers beyond 2^53 keep their digits; strings that look like numbers stay strings', () => {
  assert.deepEqual(parseJsonLine('{"u":18446744073709551615,"n":-9007199254740993,"s":"12345678901234567890","f":1.5e300,"i":42}'), {
    u: '18446744073709551615', n: '-9007199254740993', s: '12345678901234567890', f: 1.5e300, i: 42,
  });
  assert.deepEqual(parseJsonLine('{"q":"say \\"9007199254740993\\"","l":[9007199254740993]}'), { q: 'say "9007199254740993"', l: ['9007199254740993'] });
});

test('JSON Lines timestamps read as ISO UTC like the Flight path', () => {
  assert.deepEqual(parseJsonLine('{"a":"2024-01-15T10:00:00","b":"2024-01-15T10:00:00.123456Z","c":"2024-01-15T12:00:00+02:00","d":"2024-01-15"}'), {
    a: '2024-01-15T10:00:00.000Z', b: '2024-01-15T10:00:00.123456Z', c: '2024-01-15T10:00:00.000Z', d: '2024-01-15',
  });
  assert.deepEqual(parseJsonLine('{"x":{"t":"2024-01-15T10:00:00.5Z"},"y":null}'), { x: { t: '2024-01-15T10:00:00.500Z' }, y: null });
});
