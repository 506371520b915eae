import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Prng } from '../../bench/prng.js';
import { normalizeSql } from '../../core/sql/normalize-sql.js';
import { normalizeSqlByScanner } from '../../core/sql/normalize-sql-by-scanner.js';
import { compileFixture, repoRoot, tempDir } from '../helpers.js';

/**
 * normalizeSql (the fast path) must give exactly the text normalizeSqlByScanner (the reference, the
 * SqlScanner's token rules) gives, for every input: fingerprints are made from it.
 */
function assertSame(sql: string, label: string): void {
  const expected = normalizeSqlByScanner(sql);
  const actual = normalizeSql(sql);
  if (actual !== expected) assert.equal(JSON.stringify(actual), JSON.stringify(expected), `${label}: ${JSON.stringify(sql)}`);
}

const projects = readdirSync(join(repoRoot, 'fixtures', 'projects')).filter((name) => !name.startsWith('.')).sort();

test('every fixture project model, file and rendering, normalises as the reference does', () => {
  let checked = 0;
  for (const name of projects) {
    const { result } = compileFixture(name);
    for (const file of result?.project.models ?? []) assertSame(file.content, `${name} ${file.path}`);
    for (const model of result?.models ?? []) {
      assertSame(model.canonicalSql, `${name} ${model.name}`);
      if (model.incrementalSql !== undefined) assertSame(model.incrementalSql, `${name} ${model.name} (incremental)`);
      checked++;
    }
  }
  assert.ok(checked > 10, `${checked} models`);
});

test('a generated project normalises as the reference does', async () => {
  const { generateProject } = await import('../../bench/generate-project.js');
  const dir = join(tempDir(), 'generated');
  generateProject(dir, { models: 300, seed: 5 });
  const { Diagnostics } = await import('../../core/errors.js');
  const { loadProject } = await import('../../core/project/load-project.js');
  const { compileProject } = await import('../../core/compile/compile-project.js');
  const { diskFileSource } = await import('../../core/util/file-source.js');
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: diskFileSource(dir), root: dir }, diagnostics)!;
  const result = compileProject(project, { target: { name: 'dev', type: 'duckdb', schema: 'main' }, env: {}, runStartedAt: 'x' }, diagnostics);
  assert.equal(result.models.length, 300);
  for (const model of result.models) {
    assertSame(model.canonicalSql, model.name);
    assertSame(result.targetSql(model.name), `${model.name} (target)`);
  }
});

/** Pieces SQL is made of, the unusual ones included: each exercises one scanner rule or its edge. */
const PIECES = [
  'select', 'a', 'A_b$1', '_x', 'é', 'naïve', 'x٣', '٣', '𝐀b', 'a𝐀', '\ud835', '\udc00', 'ab\ud835',
  '1', '12.5', '.5', '1.', '1..2', '1e5', '1E+5', '2e-', '3e', '0x1f', '1.2.3',
  "'s'", "'it''s'", "''", "'unterminated", "'é ⟦ref:x⟧ --'", "E'a\\'b'", "e'\\\\'", "E'", "N'n'", "x'ff'", "B'01'", "b''''",
  '"Q"', '"a""b"', '"unterminated', '`tick`', '`a``b`', '`open',
  '$$body$$', '$$', '$tag$ x $tag$', '$tag$ open', '$1', '$', '$a', '$a$', '$é$ x $é$', '$_b1$y$_b1$', 'a$b', '$$$',
  '⟦ref:model⟧', '⟦source:s.t⟧', '⟦this⟧', '⟦dataset:_/x@1.0.0⟧', '⟦open', '⟧', 'a⟦ref:m⟧', '⟦ref:m⟧b',
  '-- line comment\n', '--x', '--\r\n', '/* block */', '/* a /* nested */ b */', '/*/', '/* open', '*/', '/**/',
  '::', '->', '->>', '-->', '<=', '>=', '<>', '!=', '||', '=>', '|', '!', '-', '+', '/', '*', '%', '(', ')', ',', ';', '.', ':',
  '[', ']', '{', '}', '@', '#', '?', '^', '~', '\\', '\u0000', '\u0007', '\u007f', '\u00a9', '\u2603', '😀',
];
const SPACES = ['', '', '', ' ', ' ', '  ', '\n', '\t', '\r\n', '\r', '\u000b', '\f', '\u00a0', '\ufeff', ' \n  ', '\u2028', '\u3000'];

function randomSql(prng: Prng): string {
  let sql = '';
  const count = prng.int(0, 14);
  for (let i = 0; i < count; i++) sql += prng.pick(SPACES) + prng.pick(PIECES);
  return sql + prng.pick(SPACES);
}

test('seeded fuzz: random SQL snippets normalise as the reference does', () => {
  const prng = new Prng(20240101);
  for (let i = 0; i < 50_000; i++) assertSame(randomSql(prng), `snippet ${i}`);
});

test('seeded fuzz: random characters normalise as the reference does', () => {
  const prng = new Prng(7);
  const alphabet = "ab_$1.e+-'\"`/*⟦⟧\n é\\E";
  for (let i = 0; i < 50_000; i++) {
    let sql = '';
    const length = prng.int(0, 12);
    for (let j = 0; j < length; j++) sql += alphabet[prng.int(0, alphabet.length - 1)];
    assertSame(sql, `characters ${i}`);
  }
});

test('long texts, past the reused buffer, normalise as the reference does', () => {
  const prng = new Prng(3);
  for (const size of [10_000, 100_000, 1_000_000]) {
    let sql = '';
    // Pieces that cannot open a string, comment or placeholder, so the whole text is scanned.
    const closed = PIECES.filter((p) => !/['"`$⟦]|\/\*/.test(p));
    while (sql.length < size) sql += prng.pick(SPACES) + prng.pick(closed) + (prng.chance(0.05) ? "'str'" : '');
    assertSame(sql, `${size} characters`);
    assertSame(`'${sql}`, `${size} characters in an unterminated string`);
  }
});
