import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Prng } from '../../bench/prng.js';
import { parsePlaceholder, replacePlaceholders, type Placeholder } from '../../core/compile/placeholders.js';
import { renderTargetSql, type TargetSqlContext } from '../../core/compile/target-sql.js';
import { resolveTargetText } from '../../core/compile/target-text.js';
import { compileFixture, repoRoot } from '../helpers.js';

/**
 * resolveTargetText trims the canonical text and resolves its placeholders in one pass; it must give
 * exactly what resolving first and then trimming (the way target SQL was made before) gives.
 */
function stripTrailingSemicolon(sql: string): string {
  let text = sql.trimEnd();
  if (text.endsWith(';')) text = text.slice(0, -1).trimEnd();
  const firstLine = text.indexOf('\n');
  return firstLine >= 0 && text.slice(0, firstLine).trim() === '' ? text.replace(/^[ \t\r]*\n(?:[ \t\r]*\n)*/, '') : text;
}

/** The reference: replacePlaceholders (known kinds only), then stripTrailingSemicolon. */
function reference(sql: string, read: (p: Placeholder) => string): string {
  return stripTrailingSemicolon(replacePlaceholders(sql, read));
}

/** The same reading as a body resolver: unknown kinds stay as written. */
function bodyResolver(read: (p: Placeholder) => string) {
  return (body: string): string | undefined => {
    const colon = body.indexOf(':');
    const kind = colon < 0 ? body : body.slice(0, colon);
    if (kind !== 'ref' && kind !== 'source' && kind !== 'dataset' && kind !== 'this') return undefined;
    return read(parsePlaceholder(kind, colon < 0 ? undefined : body.slice(colon + 1)));
  };
}

const quoted = (p: Placeholder) => `"${p.kind}"."${'name' in p ? p.name : 'reference' in p ? p.reference : 'source' in p ? `${p.source}.${p.table}` : 'self'}"`;

test('target SQL of every fixture model is the same as resolving first, then trimming', () => {
  const projects = readdirSync(join(repoRoot, 'fixtures', 'projects')).filter((name) => !name.startsWith('.'));
  let checked = 0;
  for (const name of projects) {
    const { result } = compileFixture(name);
    for (const model of result?.models ?? []) {
      for (const sql of [model.canonicalSql, model.incrementalSql ?? '']) {
        assert.equal(resolveTargetText(sql, bodyResolver(quoted)), reference(sql, quoted), `${name} ${model.name}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 20, `${checked} texts`);
});

const PIECES = [
  'select 1', 'from ⟦ref:a⟧', '⟦source:s.t⟧', '⟦dataset:_/x@1.0.0⟧', '⟦this⟧', '⟦other:x⟧', '⟦ref:⟧', '⟦ref⟧', '⟦source:nodot⟧',
  '⟦ref:open', '⟧', ';', ';;', ' ; ', '-- c\n', 'x', "'a;'", '\n', '\n\n', ' ', '\t', '\r\n', '\u00a0', '\ufeff', '\u2028', '\u3000', '\v',
];

function randomSql(prng: Prng): string {
  let sql = '';
  for (let i = prng.int(0, 10); i > 0; i--) sql += prng.pick(PIECES);
  return sql;
}

/** Readings that break the "quoted at both ends" rule, so the plain path is taken too. */
const READINGS: Array<(p: Placeholder) => string> = [
  quoted, () => '', () => ' ', () => ';', () => '"x";', () => ' "x"', () => '\n', () => '"', () => '"a"\n"b"',
];

test('seeded fuzz: trimming and placeholders at the edges give the same text', () => {
  const prng = new Prng(99);
  for (let i = 0; i < 30_000; i++) {
    const sql = randomSql(prng);
    const read = READINGS[i % READINGS.length];
    assert.equal(resolveTargetText(sql, bodyResolver(read)), reference(sql, read), JSON.stringify(sql));
  }
});

test('renderTargetSql reads each placeholder once per context and never keeps `this`', () => {
  const { result } = compileFixture('erc20_transfers');
  const context: TargetSqlContext = { ...result!.sqlContext, refCache: new Map() };
  for (const model of result!.models) renderTargetSql(model, context);
  assert.ok([...context.refCache!.keys()].every((key) => !key.startsWith('this')));
  assert.ok([...context.refCache!.keys()].some((key) => key.startsWith('ref:')));
});
