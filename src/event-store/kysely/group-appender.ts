import { StoreUnavailableError } from '../errors/store-unavailable.error';
import type { AppendResult } from '../event-store.port';
import {
  GroupNotWrittenError,
  bytesOf,
  rowsOf,
  type AppendJob,
  type GroupWriter,
  type JobOutcome,
} from './append-job';
import { KeySweeper, type KeySweepOptions } from './idempotency-keys';
import { toStoreError } from './store-errors';

/** A group that lost a race on a unique key is read and settled again this many times. */
const RACE_ATTEMPTS = 3;

/** Bounds of a {@link GroupAppender}'s groups and of its queue, in jobs and event data bytes. */
export interface AppendQueueLimits {
  /** Most data bytes in one group; a larger job still runs, alone. */
  readonly maxGroupBytes: number;
  /** Most jobs waiting for a group; appends beyond are refused as unavailable (503). */
  readonly maxWaitingJobs: number;
  /** Most data bytes waiting for a group; appends beyond are refused as unavailable (503). */
  readonly maxWaitingBytes: number;
}

const MiB = 1024 * 1024;

/**
 * One group stays a few MiB, so a commit takes milliseconds however large the events. The queue
 * holds a few seconds of work at most: a database too slow to drain it sheds load with 503s
 * rather than commit requests whose clients have long given up.
 */
export const DEFAULT_APPEND_QUEUE_LIMITS: AppendQueueLimits = {
  maxGroupBytes: 16 * MiB,
  maxWaitingJobs: 10_000,
  maxWaitingBytes: 256 * MiB,
};

interface Waiting {
  readonly job: AppendJob;
  readonly rows: number;
  readonly bytes: number;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** Options of a {@link GroupAppender}. */
export interface GroupAppenderOptions {
  /** Which errors mean that another transaction took a key first (a re-read settles them). */
  readonly lostRace: (error: unknown) => boolean;
  /** Called after a group that stored new events committed. */
  readonly onCommitted: () => void;
  readonly sweep?: KeySweepOptions;
  /** @default DEFAULT_APPEND_QUEUE_LIMITS */
  readonly limits?: Partial<AppendQueueLimits>;
}

/**
 * Group commit: the one writer of a store. When free, it takes every append waiting and commits
 * them as one transaction, so a busy store pays one commit (one fsync) per group instead of per
 * request. There is no timer: while one group commits the next one forms, and a lone append
 * starts at once.
 */
export class GroupAppender {
  private waiting: Waiting[] = [];
  private waitingBytes = 0;
  private readonly limits: AppendQueueLimits;
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly sweeper: KeySweeper;

  constructor(
    private readonly writer: GroupWriter,
    private readonly options: GroupAppenderOptions,
  ) {
    this.sweeper = new KeySweeper((before, limit) => writer.sweepKeys(before, limit), options.sweep);
    this.limits = { ...DEFAULT_APPEND_QUEUE_LIMITS, ...options.limits };
  }

  /**
   * Queues a job; resolves with its own result once its group has committed.
   * @throws StoreUnavailableError (rejects) when closed, or when too much is waiting already.
   */
  append(job: AppendJob): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the event store is closed'));
    const bytes = bytesOf(job);
    if (this.overloaded(bytes)) {
      return Promise.reject(new StoreUnavailableError('too many appends are waiting for the database'));
    }
    if (job.idempotency !== undefined) this.sweeper.saw(job.idempotency.ttlMs);
    return new Promise<AppendResult>((resolve, reject) => {
      this.waiting.push({ job, rows: rowsOf(job), bytes, resolve, reject });
      this.waitingBytes += bytes;
      if (!this.running) this.idle = this.run();
    });
  }

  /** Refuses new appends and waits for those already queued. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        await this.commit(this.take());
        await this.sweeper.sweepIfDue();
        // SQLite commits synchronously: let the requests that arrived meanwhile queue up first.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      // In the same step as the last check, so that no append can find the flag set and wait.
      this.running = false;
    }
  }

  /** Whether a job of `bytes` would overfill the queue; into an empty queue any job goes. */
  private overloaded(bytes: number): boolean {
    if (this.waiting.length === 0) return false;
    return (
      this.waiting.length >= this.limits.maxWaitingJobs ||
      this.waitingBytes + bytes > this.limits.maxWaitingBytes
    );
  }

  /** The waiting jobs, in arrival order, up to the writer's row cap and the byte cap (at least one). */
  private take(): Waiting[] {
    let rows = 0;
    let bytes = 0;
    let count = 0;
    while (count < this.waiting.length) {
      rows += this.waiting[count].rows;
      bytes += this.waiting[count].bytes;
      if (count > 0 && (rows > this.writer.maxRows || bytes > this.limits.maxGroupBytes)) break;
      count += 1;
    }
    const group = this.waiting.splice(0, count);
    this.waitingBytes -= group.reduce((sum, waiting) => sum + waiting.bytes, 0);
    return group;
  }

  private async commit(group: readonly Waiting[]): Promise<void> {
    const outcomes = await this.write(group);
    if (outcomes === undefined) return;
    group.forEach((waiting, index) => {
      const outcome = outcomes[index];
      if ('error' in outcome) waiting.reject(outcome.error);
      else waiting.resolve(outcome.result);
    });
  }

  /**
   * Writes a group; on a lost race reads it again. An error that may pass (a timeout, a deadlock,
   * a busy or full database) answers every job at once: its halves would likely wait as long
   * again, each, while every other append waits behind them. Only an error that one job's content
   * may cause splits the group in halves, each its own transaction, until that job is alone.
   * @returns the outcomes, or undefined when the group was answered by its halves.
   */
  private async write(group: readonly Waiting[]): Promise<JobOutcome[] | undefined> {
    const jobs = group.map((waiting) => waiting.job);
    for (let attempt = 1; ; attempt++) {
      let outcomes: JobOutcome[];
      try {
        outcomes = await this.writer.write(jobs);
      } catch (error) {
        if (this.options.lostRace(error) && attempt < RACE_ATTEMPTS) continue;
        if (error instanceof GroupNotWrittenError)
          return group.map(() => ({ error: toStoreError(error.cause) }));
        const failure = toStoreError(error);
        if (group.length === 1 || failure instanceof StoreUnavailableError)
          return group.map(() => ({ error: failure }));
        const half = Math.ceil(group.length / 2);
        await this.commit(group.slice(0, half));
        await this.commit(group.slice(half));
        return undefined;
      }
      if (outcomes.some((outcome) => 'result' in outcome && !outcome.result.duplicate)) {
        this.notify();
      }
      return outcomes;
    }
  }

  private notify(): void {
    try {
      this.options.onCommitted();
    } catch {
      // A listener that throws must not leave the appends of a committed group unanswered.
    }
  }
}
