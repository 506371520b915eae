// esbuild plugins of scripts/bundle.mjs: they keep the bundle behaving as tsc's unbundled output does.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** The nearest package.json's `type` decides how Node reads a .js file; .cjs/.mjs say it themselves. */
function isCommonJs(file) {
  if (file.endsWith('.cjs')) return true;
  if (file.endsWith('.mjs')) return false;
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type !== 'module';
  }
  return true;
}

/**
 * `await import('yaml')` of a CommonJS package: Node gives named exports (parseDocument, ...), but esbuild's
 * split chunk for it exports only `default`. This puts a small ES module in between that exports `default`
 * (module.exports) and each of its properties by name, as Node does.
 */
export const commonJsDynamicImports = {
  name: 'commonjs-dynamic-imports',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.namespace !== 'file') return undefined;
      const resolved = await b.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, importer: args.importer });
      if (resolved.errors.length > 0 || resolved.external || !isCommonJs(resolved.path)) return undefined;
      return { path: args.path, namespace: 'commonjs-facade', pluginData: { resolveDir: args.resolveDir } };
    });
    b.onLoad({ filter: /.*/, namespace: 'commonjs-facade' }, (args) => {
      const { resolveDir } = args.pluginData;
      const moduleExports = createRequire(join(resolveDir, 'noop.js'))(args.path);
      const names = Object.keys(moduleExports).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default' && n !== '__esModule');
      const lines = [`const m = require(${JSON.stringify(args.path)});`, 'export default m;'];
      names.forEach((n, i) => lines.push(`const e${i} = m[${JSON.stringify(n)}];`, `export { e${i} as ${n} };`));
      return { contents: lines.join('\n'), loader: 'js', resolveDir };
    });
  },
};

const moduleUrl = /new URL\((['"])(\.{1,2}\/[^'"]+)\1,\s*import\.meta\.url\)/g;

/**
 * `new URL('./x', import.meta.url)` in our code names a file beside the module; in the bundle import.meta.url
 * is a chunk's in `outdir`, so the file is referred to where tsc's output has it (e.g. `../../package.json`).
 * A script (`.js`: a worker's) is an entry of its own, beside main.js: `workerScripts` lists them (tsc's
 * output paths); naming another script is refused, as the bundle would not have it.
 */
export function moduleUrls(ownDir, outdir, workerScripts = []) {
  return {
    name: 'module-urls',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(ownDir)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
        const contents = text.replace(moduleUrl, (_, quote, specifier) => {
          const target = resolve(dirname(args.path), specifier);
          if (workerScripts.includes(target)) return `new URL(${JSON.stringify(`./${basename(target)}`)}, import.meta.url)`;
          if (target.endsWith('.js')) throw new Error(`bundle: ${args.path} starts the script ${target}, which the bundle has no entry for`);
          return `new URL(${JSON.stringify(relative(outdir, target).split(sep).join('/'))}, import.meta.url)`;
        });
        return { contents, loader: 'js' };
      });
    },
  };
}
