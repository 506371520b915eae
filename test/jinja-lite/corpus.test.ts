import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { generateProject } from '../../bench/generate-project.js';
import { repoRoot, tempDir } from '../helpers.js';
import { checkAll, Differential, type MacroFile } from './differential-harness.js';

/** Every .sql file under `dir`, skipping build output folders. */
function sqlFiles(root: string, dir: string): MacroFile[] {
  if (!existsSync(dir)) return [];
  const out: MacroFile[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sqlFiles(root, path));
    else if (entry.endsWith('.sql')) out.push({ path: relative(root, path), content: readFileSync(path, 'utf8') });
  }
  return out;
}

interface Tally {
  templates: number;
  lite: number;
  nunjucksErrors: number;
  declined: string[];
}

/** Renders every model (and test) of a project both ways, incremental and not. */
function checkProject(root: string): Tally {
  const projectFile = join(root, 'dbt_project.yml');
  let vars: Record<string, unknown> = {};
  try {
    vars = (parseYaml(readFileSync(projectFile, 'utf8')) as { vars?: Record<string, unknown> } | null)?.vars ?? {};
  } catch {
    // broken-yaml fixtures: render without vars
  }
  const macroFiles = sqlFiles(root, join(root, 'macros'));
  const h = new Differential({ vars, macroFiles });
  const templates = [...sqlFiles(root, join(root, 'models')), ...sqlFiles(root, join(root, 'tests')), ...macroFiles];
  const tally: Tally = { templates: 0, lite: 0, nunjucksErrors: 0, declined: [] };
  checkAll(templates, (file) => {
    for (const incremental of [false, true]) {
      tally.templates++;
      const { lite, nunjucks } = h.compare(file.content, incremental);
      if (lite.kind === 'rendered') tally.lite++;
      else if (!nunjucks.ok) tally.nunjucksErrors++;
      else tally.declined.push(`${file.path}: ${lite.stage === 'render' ? lite.reason : 'parse'}`);
    }
  });
  return tally;
}

const fixtureRoot = join(repoRoot, 'fixtures', 'projects');
const projects = readdirSync(fixtureRoot).filter((name) => !name.startsWith('.')).sort();

test('fixture projects: lite renders every model and macro file nunjucks renders, byte-identically', () => {
  assert.ok(projects.length >= 10);
  let lite = 0;
  for (const name of projects) {
    const tally = checkProject(join(fixtureRoot, name));
    assert.deepEqual(tally.declined, [], `${name}: lite declined templates nunjucks renders`);
    lite += tally.lite;
  }
  assert.ok(lite > 50, `only ${lite} fixture renders went through lite`);
});

test('the broken fixtures nunjucks rejects are declined by lite', () => {
  const h = new Differential({ macroFiles: sqlFiles(join(fixtureRoot, 'broken-compile-undefined-macro'), join(fixtureRoot, 'broken-compile-undefined-macro', 'macros')) });
  for (const [project, model] of [['broken-compile-jinja-syntax', 'models/recent_blocks.sql'], ['broken-compile-undefined-macro', 'models/transfers.sql']]) {
    const content = readFileSync(join(fixtureRoot, project, model), 'utf8');
    const { lite, nunjucks } = h.compare(content);
    assert.equal(nunjucks.ok, false, model);
    assert.equal(lite.kind, 'declined', model);
  }
});

test('generated bench project: lite renders every Jinja model byte-identically', () => {
  const dir = join(tempDir('amp-dbt-lite-'), 'generated');
  generateProject(dir, { models: 600, seed: 11 });
  const tally = checkProject(dir);
  assert.deepEqual(tally.declined, []);
  assert.equal(tally.nunjucksErrors, 0);
  assert.equal(tally.lite, tally.templates);
  assert.ok(tally.templates >= 1200);
});
