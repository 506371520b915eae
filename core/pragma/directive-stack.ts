import type { DirectiveCondition, PragmaBranch, PragmaNode } from './pragma-types.js';

interface OpenIf {
  branches: PragmaBranch[];
  /** Offset of the `#` of the opening `#if`. */
  offset: number;
  sawElse: boolean;
}

/** The open `#if` blocks while the body is read; new nodes go to `body`, the innermost open branch. */
export class DirectiveStack {
  private readonly open: OpenIf[] = [];
  /** Where the next node belongs. */
  body: PragmaNode[];

  constructor(private readonly root: PragmaNode[]) {
    this.body = root;
  }

  openIf(condition: DirectiveCondition, line: number, offset: number): void {
    const branches: PragmaBranch[] = [{ condition, line, body: [] }];
    this.body.push({ kind: 'if', branches });
    this.open.push({ branches, offset, sawElse: false });
    this.body = branches[0].body;
  }

  /** Add an `#elif` (condition) or `#else` (null) branch; returns the problem when there is no open `#if` to add it to. */
  addBranch(condition: DirectiveCondition | null, line: number): string | null {
    const top = this.open[this.open.length - 1];
    const directive = condition === null ? '#else' : '#elif';
    if (!top) return `${directive} without an #if`;
    if (top.sawElse) return `${directive} after #else`;
    const branch: PragmaBranch = { condition, line, body: [] };
    top.branches.push(branch);
    this.body = branch.body;
    if (condition === null) top.sawElse = true;
    return null;
  }

  /** Close the innermost `#if`; false for a stray `#endif`. */
  close(): boolean {
    if (this.open.pop() === undefined) return false;
    const top = this.open[this.open.length - 1];
    this.body = top ? top.branches[top.branches.length - 1].body : this.root;
    return true;
  }

  /** Offsets of the `#if`s never closed, outermost first. */
  unclosed(): number[] {
    return this.open.map((block) => block.offset);
  }
}
