import type { Diagnostic } from '../errors.js';
import type { Target } from '../project/project-types.js';
import type { RecordedContent } from './build-manifest.js';

/** What compiling a commit for the state database needs besides the commit. */
export interface CommitCompileOptions {
  /** The project folder in the working tree (`project.root`; files come from git objects). */
  projectDir: string;
  target: Target;
  env: Record<string, string | undefined>;
  vars?: Record<string, unknown>;
  /** Progress of rendering the commit's models (CompileOptions.onProgress). */
  onProgress?: (done: number, total: number) => void;
}

/** A recording is reproducible: `run_started_at` is fixed, so a manifest depends only on the commit. */
export const RECORD_RUN_STARTED_AT = '1970-01-01T00:00:00.000Z';

/** A commit compiled for recording: every model rendered (full) or only the changed ones (incremental). */
export interface CommitCompilation {
  mode: 'full' | 'incremental';
  /** The recorded ancestor whose models were reused (incremental only). */
  base: string | null;
  /** Why every model was rendered (full only). */
  reason: string | null;
  /** What to record; null when the project does not compile (see `errors`). */
  recorded: RecordedContent | null;
  errors: Diagnostic[];
  /** Models rendered from their files, and models taken over from the ancestor. */
  rendered: number;
  reused: number;
}
