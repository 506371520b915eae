import { AmpDbtError } from '../errors.js';

/**
 * A git repository, commit or ref that cannot be read or resolved. Codes: `not-a-git-repository`,
 * `unknown-commit`, `ambiguous-commit`, `not-a-commit`, `git-read-failed`.
 */
export class GitError extends AmpDbtError {}
