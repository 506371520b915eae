import { AmpDbtError } from '../errors.js';

/**
 * A git repository, commit or ref that cannot be read or resolved. Codes: `not-a-git-repository`,
 * `unknown-commit`, `ambiguous-commit`, `not-a-commit`, `git-read-failed`, `missing-git-object`, `unsupported-repository` (sha256 object ids).
 */
export class GitError extends AmpDbtError {}
