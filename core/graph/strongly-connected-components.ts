/**
 * Tarjan's strongly connected components, iterative (no recursion limit for long chains).
 * Returns `component[v]`, the component number of each node, and the components themselves.
 */
export function stronglyConnectedComponents(adjacency: number[][]): { component: Int32Array; components: number[][] } {
  const tarjan = new Tarjan(adjacency);
  for (let v = 0; v < adjacency.length; v++) {
    if (tarjan.index[v] === -1) tarjan.run(v);
  }
  return { component: tarjan.component, components: tarjan.components };
}

class Tarjan {
  readonly index: Int32Array;
  readonly component: Int32Array;
  readonly components: number[][] = [];
  private readonly low: Int32Array;
  private readonly edge: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: number[] = [];
  private readonly calls: number[] = [];
  private counter = 0;

  constructor(private readonly adjacency: number[][]) {
    const n = adjacency.length;
    this.index = new Int32Array(n).fill(-1);
    this.component = new Int32Array(n).fill(-1);
    this.low = new Int32Array(n);
    this.edge = new Int32Array(n);
    this.onStack = new Uint8Array(n);
  }

  run(root: number): void {
    this.open(root);
    while (this.calls.length > 0) {
      const v = this.calls[this.calls.length - 1];
      const targets = this.adjacency[v];
      if (this.edge[v] < targets.length) this.follow(v, targets[this.edge[v]++]);
      else this.close(v);
    }
  }

  private open(v: number): void {
    this.index[v] = this.low[v] = this.counter++;
    this.stack.push(v);
    this.onStack[v] = 1;
    this.calls.push(v);
  }

  private follow(v: number, w: number): void {
    if (this.index[w] === -1) this.open(w);
    else if (this.onStack[w]) this.low[v] = Math.min(this.low[v], this.index[w]);
  }

  private close(v: number): void {
    this.calls.pop();
    const caller = this.calls[this.calls.length - 1];
    if (caller !== undefined) this.low[caller] = Math.min(this.low[caller], this.low[v]);
    if (this.low[v] === this.index[v]) this.popComponent(v);
  }

  private popComponent(root: number): void {
    const id = this.components.length;
    const members: number[] = [];
    let w: number;
    do {
      w = this.stack.pop() as number;
      this.onStack[w] = 0;
      this.component[w] = id;
      members.push(w);
    } while (w !== root);
    this.components.push(members);
  }
}
