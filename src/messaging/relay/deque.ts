/**
 * A double-ended queue with O(1) push, unshift and shift: `Array#shift` is linear, and the relay
 * moves tens of thousands of events through its ready queue per second.
 */
export class Deque<T> {
  /** Items put in front, last one first. */
  private front: T[] = [];
  private back: T[] = [];
  private backHead = 0;

  get length(): number {
    return this.front.length + this.back.length - this.backHead;
  }

  push(item: T): void {
    this.back.push(item);
  }

  unshift(...items: T[]): void {
    for (let i = items.length - 1; i >= 0; i--) this.front.push(items[i]);
  }

  /** The first item, left in place. */
  peek(): T | undefined {
    if (this.front.length > 0) return this.front[this.front.length - 1];
    return this.backHead < this.back.length ? this.back[this.backHead] : undefined;
  }

  shift(): T | undefined {
    if (this.front.length > 0) return this.front.pop();
    if (this.backHead >= this.back.length) return undefined;
    const item = this.back[this.backHead++];
    if (this.backHead >= 1024 && this.backHead * 2 >= this.back.length) {
      this.back = this.back.slice(this.backHead);
      this.backHead = 0;
    }
    return item;
  }
}
