import { COMPILER_REVISION } from '../core/compile/compiler-revision.js';
import { readRefDirect } from '../core/git/read-ref.js';
import { compiledContent } from '../core/record/build-manifest.js';
import type { Manifest } from '../core/state/state-types.js';
import { diskFileSource } from '../core/util/file-source.js';
import type { ParsedArgs } from './args.js';
import type { ManifestSource, ResolvedManifest } from './resolve-manifest.js';

/** What `diff --head` (or `--base`) takes for the files on the disk, edits not committed included. */
export const WORKING_TREE = 'working-tree';

/**
 * The working tree as one side of a diff: compiled now (the partial-compile cache helps, as for `compile`)
 * into a manifest held in memory, never recorded, whose commit is `working-tree` and whose parent is HEAD.
 * Its models carry their SQL, so the diff reads nothing more for them. A working tree that does not compile
 * has no manifest: its errors are the side's.
 */
export async function resolveWorkingTree(args: ParsedArgs, source: ManifestSource): Promise<ResolvedManifest> {
  const side = { ref: WORKING_TREE, environment: null, commit: WORKING_TREE, recorded: false } as const;
  const { openAndCompile } = await import('./open-project.js');
  const compiled = await openAndCompile(args);
  if (!compiled.result || compiled.diagnostics.hasErrors) return { ...side, manifest: null, errors: compiled.diagnostics.sorted() };
  const head = readRefDirect(source.repoRoot, 'HEAD');
  const manifest: Manifest = {
    ...compiledContent(compiled.result, diskFileSource(source.projectDir)),
    commit: WORKING_TREE,
    parents: head ? [head] : [],
    recordedAt: new Date().toISOString(),
    compilerRevision: COMPILER_REVISION,
  };
  return { ...side, manifest };
}
