import { storedDataJson, type RelaySession, type StoredEvent } from '../../event-store';
import type { SubjectPipeline } from './subject-pipeline';

/** Attribute names, ids and punctuation of one event beyond its data, roughly. */
const EVENT_OVERHEAD_BYTES = 256;

/** How pages are read. */
export interface PageOptions {
  /** Events per page at most. */
  readonly batchSize: number;
  /** About how many bytes a page, and the read-ahead buffer, holds at most (at least one event). */
  readonly pageBytes: number;
  readonly pollMs: number;
}

/** About how many bytes an event takes while the relay buffers it. */
export function bufferedBytes(event: StoredEvent): number {
  const data = storedDataJson(event) ?? JSON.stringify(event.data ?? null);
  return EVENT_OVERHEAD_BYTES + data.length;
}

/**
 * Reads pending events ahead of the publishes, one page at a time, into the pipeline. A page is
 * bounded in count and in bytes, and no page is read while the pipeline already holds a page's
 * worth of either: large events must not fill memory, nor hold the leader session so long that
 * its lock checks, which queue behind the read, let the lease lapse.
 */
export class PageReader {
  private cursor: string | undefined;
  private lastPageFull = true;
  private appended = false;
  private lastReadAt = 0;
  private reading = false;

  constructor(
    private readonly session: RelaySession,
    private readonly pipeline: SubjectPipeline,
    private readonly options: PageOptions,
    private readonly onFailure: (error: Error) => void,
    private readonly onDone: () => void,
  ) {}

  /** Reading goes on after `cursor` (undefined: from the start). */
  startAfter(cursor: string | undefined): void {
    this.cursor = cursor;
  }

  /** Something was appended: read again even if the last page was short. */
  wake(): void {
    this.appended = true;
  }

  /** Starts reading the next page if one is due, there is room for it and no read is running. */
  read(now: number): void {
    if (this.reading || this.full()) return;
    if (!this.lastPageFull && !this.appended && now - this.lastReadAt < this.options.pollMs) return;
    this.reading = true;
    this.appended = false;
    this.lastReadAt = now;
    const { batchSize, pageBytes } = this.options;
    this.session
      .readPending(this.cursor, batchSize, pageBytes)
      .then((events) => {
        const last = events.at(-1);
        if (last !== undefined) this.cursor = last.cursor;
        this.pipeline.add(events, bufferedBytes);
        // A page cut short by its bytes was full too: more is waiting. It stopped before an event
        // that did not fit, so unless events near half a page in size, it holds over half the budget.
        const bytes = events.reduce((sum, event) => sum + bufferedBytes(event), 0);
        this.lastPageFull = events.length >= batchSize || bytes >= pageBytes / 2;
      }, this.onFailure)
      .finally(() => {
        this.reading = false;
        this.onDone();
      });
  }

  private full(): boolean {
    return (
      this.pipeline.buffered >= this.options.batchSize ||
      this.pipeline.bufferedBytes >= this.options.pageBytes
    );
  }
}
