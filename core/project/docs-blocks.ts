import type { Diagnostics } from '../errors.js';
import type { FileSource } from '../util/file-source.js';
import { didYouMean } from '../util/did-you-mean.js';
import { positionAt } from '../util/text-position.js';
import type { Location } from './project-types.js';

/**
 * dbt's docs blocks, `{% docs name %} ... {% enddocs %}` in `.md` files under the docs paths, which
 * descriptions in property files name with `{{ doc('name') }}`. amp-dbt does not render docs; it checks, as
 * dbt does, that every block is closed, that no name is used twice, and that every doc() names a block.
 */

const TAG = /\{%-?\s*(docs|enddocs)\b\s*([^%]*?)\s*-?%\}/g;

/** The docs blocks of the `.md` files `paths` (project-relative), by name: where each is opened. */
export function readDocsBlocks(files: FileSource, paths: readonly string[], diagnostics: Diagnostics): Map<string, Location> {
  const blocks = new Map<string, Location>();
  for (const path of paths) {
    const text = files.read(path);
    let open: { name: string; location: Location } | undefined;
    for (const tag of text.matchAll(TAG)) {
      const location = { file: path, ...positionAt(text, tag.index) };
      if (tag[1] === 'enddocs') {
        if (!open) diagnostics.error('docs-block', "'{% enddocs %}' has no '{% docs name %}' to close", location, 'remove it, or open the block with {% docs name %}');
        open = undefined;
        continue;
      }
      if (open) {
        diagnostics.error('docs-block', `'{% docs ${open.name} %}' is never closed: another docs block opens before its '{% enddocs %}'`, open.location, 'add {% enddocs %} at the end of its text');
      }
      const name = tag[2];
      if (!/^[A-Za-z_]\w*$/.test(name)) {
        diagnostics.error('docs-block', `a docs block needs a name: '{% docs${name ? ` ${name}` : ''} %}' has ${name ? 'an invalid one' : 'none'}`, location, 'write {% docs name %} ... {% enddocs %}, the name a word');
        open = { name, location };
        continue;
      }
      const earlier = blocks.get(name);
      if (earlier) {
        diagnostics.error('docs-block', `the docs block '${name}' is defined twice: also at ${earlier.file}:${earlier.line}`, location, 'rename or remove one of them');
      } else {
        blocks.set(name, location);
      }
      open = { name, location };
    }
    if (open) diagnostics.error('docs-block', `'{% docs ${open.name} %}' is never closed`, open.location, 'add {% enddocs %} at the end of its text');
  }
  return blocks;
}

const DOC_CALL = /\bdoc\s*\(\s*(['"])([^'"]*)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)/g;

/**
 * Checks the `{{ doc('name') }}` calls (also `doc('package', 'name')`) of a description against the project's
 * docs blocks: an unknown name is an error at the description. Text outside `{{ }}` is not read.
 */
export function checkDocReferences(description: string, docs: ReadonlyMap<string, Location>, location: Location, diagnostics: Diagnostics): void {
  if (!description.includes('doc')) return;
  const tags = [...description.matchAll(/\{\{([\s\S]*?)\}\}/g)].map((tag) => tag[1]).join(' ');
  const calls = [...tags.matchAll(DOC_CALL)];
  // A doc( the pattern does not read (three arguments, a name that is not a string): an error, not a call passed over.
  const read = new Set(calls.map((call) => call.index));
  for (const open of tags.matchAll(/\bdoc\s*\(/g)) {
    if (read.has(open.index)) continue;
    const written = tags.slice(open.index, tags.indexOf(')', open.index) + 1 || undefined);
    diagnostics.error('invalid-arguments', `${written} is not a doc() call amp-dbt reads: doc() takes a docs block's name, or a package's and a block's`, location,
      "write {{ doc('block_name') }}");
  }
  for (const call of calls) {
    const name = call[4] ?? call[2];
    if (docs.has(name)) continue;
    diagnostics.error('unknown-doc', `doc('${name}') names no docs block`, location,
      didYouMean(name, docs.keys()) || `write {% docs ${name} %} ... {% enddocs %} in a .md file under the docs paths (docs-paths in dbt_project.yml, else the model, seed, test, macro, snapshot and analysis paths)`);
  }
}
