import type { StoredEvent } from '../../event-store';
import { Deque } from './deque';

/** One pending event of the relay, from the page that read it until it is confirmed or parked. */
export interface Slot {
  readonly event: StoredEvent;
  /** Publishes that failed after being sent (nack, return, timeout, channel lost). */
  failures: number;
  /** Publishes that amqplib refused by throwing. */
  throws: number;
  done: boolean;
  /** About how many bytes the event takes while buffered. */
  readonly bytes: number;
}

/** The first retry of a subject's failed event waits this long, doubling up to the maximum. */
const RETRY_BASE_MS = 20;
const RETRY_MAX_MS = 1000;

/**
 * The relay's order bookkeeping, free of I/O. Per subject, only the oldest unfinished event may be
 * published, so a subject never has two unconfirmed events on the wire and a failed event goes out
 * again before anything after it. Subjects are otherwise independent. The checkpoint is the end of
 * the finished prefix of the global order.
 */
export class SubjectPipeline {
  private readonly order: Slot[] = [];
  private head = 0;
  private readonly subjects = new Map<string, Deque<Slot>>();
  /** Heads of their subject, not in flight, in the order they became ready. */
  private readonly ready = new Deque<Slot>();
  private readonly delayed = new Set<{ slot: Slot; at: number }>();
  private finishedThrough: string | undefined;
  private bytes = 0;

  /** Events read and not yet finished. */
  get buffered(): number {
    return this.order.length - this.head;
  }

  /** About how many bytes the events read and not yet finished take. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  /** The cursor of the last event of the finished prefix, if the prefix grew since it began. */
  get checkpoint(): string | undefined {
    return this.finishedThrough;
  }

  /** Adds a page, in global order; `sizeOf` estimates an event's bytes. */
  add(events: readonly StoredEvent[], sizeOf: (event: StoredEvent) => number = () => 0): void {
    for (const event of events) {
      const slot: Slot = { event, failures: 0, throws: 0, done: false, bytes: sizeOf(event) };
      this.bytes += slot.bytes;
      this.order.push(slot);
      const queue = this.subjects.get(event.subject);
      if (queue === undefined) {
        const fresh = new Deque<Slot>();
        fresh.push(slot);
        this.subjects.set(event.subject, fresh);
        this.ready.push(slot);
      } else queue.push(slot);
    }
  }

  /** The next event to publish, or undefined when none may go now. */
  next(now: number): Slot | undefined {
    if (this.delayed.size > 0) this.promoteDue(now);
    return this.ready.shift();
  }

  /** Puts back an event taken with {@link next} but not sent, ahead of the others. */
  putBack(slot: Slot): void {
    this.ready.unshift(slot);
  }

  /** Schedules a failed event to be published again, ahead of everything else of its subject. */
  failed(slot: Slot, now: number): void {
    slot.failures++;
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(10, slot.failures - 1));
    this.delayed.add({ slot, at: now + delay });
  }

  /** When the earliest delayed retry is due, or undefined. */
  nextRetryAt(): number | undefined {
    let earliest: number | undefined;
    for (const { at } of this.delayed) if (earliest === undefined || at < earliest) earliest = at;
    return earliest;
  }

  /** Marks an event confirmed (or parked): its subject's next event becomes ready. */
  finished(slot: Slot): void {
    if (slot.done) return;
    slot.done = true;
    this.bytes -= slot.bytes;
    const queue = this.subjects.get(slot.event.subject);
    queue?.shift();
    const following = queue?.peek();
    if (following !== undefined) this.ready.push(following);
    else this.subjects.delete(slot.event.subject);
    this.advance();
  }

  private advance(): void {
    const start = this.head;
    while (this.head < this.order.length && this.order[this.head].done) this.head++;
    if (this.head === start) return;
    this.finishedThrough = this.order[this.head - 1].event.cursor;
    // Drop the finished prefix now and then, not on every confirm.
    if (this.head >= 4096) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }

  private promoteDue(now: number): void {
    const due: Slot[] = [];
    for (const entry of this.delayed) {
      if (entry.at > now) continue;
      this.delayed.delete(entry);
      due.push(entry.slot);
    }
    // Retries go first: they hold up their subjects and the checkpoint.
    this.ready.unshift(...due);
  }
}
