import type { FileSource } from '../util/file-source.js';
import type { ProjectTree } from './commit-snapshot.js';

/** Files of a kind a project reads (models, macros, tests, property files, seeds): an untracked one is counted. */
const projectFile = /\.(sql|ya?ml|csv)$/i;

/** profiles.yml is read from the disk for a commit too (local settings, often not committed): it is no change of the commit's. */
const PROFILES = 'profiles.yml';

/**
 * The project's files in the working tree `files` that differ from the commit's `tree`, sorted: edited (their
 * blob id, after git's end-of-line conversion, is another), deleted, or new (`.sql`, `.yml`, `.yaml` and `.csv`
 * files the commit lacks; other files not in the commit, build output say, are not counted; nor is
 * profiles.yml). What git status would report of the project folder, but for ignored files of those kinds. A
 * working tree's files untouched since git's index hashed them are not read (FileSource.blobId).
 */
export function uncommittedFiles(files: FileSource, tree: ProjectTree): string[] {
  const listed = files.list('');
  const present = new Set(listed);
  const changed = listed.filter((path) => {
    if (path === PROFILES) return false;
    const committed = tree.get(path);
    return committed === undefined ? projectFile.test(path) : files.blobId?.(path) !== committed;
  });
  for (const path of tree.keys()) if (!present.has(path) && path !== PROFILES) changed.push(path);
  return changed.sort();
}
