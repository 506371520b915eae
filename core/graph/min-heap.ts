/** A binary min-heap of integers (node ids, which are ranked by name). */
export class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent] <= value) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = value;
  }

  /** The smallest value; the heap must not be empty. */
  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop() as number;
    if (items.length > 0) this.siftDown(last);
    return top;
  }

  private siftDown(value: number): void {
    const items = this.items;
    const n = items.length;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && items[child + 1] < items[child]) child++;
      if (items[child] >= value) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = value;
  }
}
