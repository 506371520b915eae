import type { Stmt } from './lite-nodes.js';

/** A template parsed by `parseLiteTemplate`, rendered any number of times by `renderLiteTemplate`. */
export interface LiteTemplate {
  readonly body: readonly Stmt[];
  /** Size of the top level's slot array (loop variables). */
  readonly slotCount: number;
}
