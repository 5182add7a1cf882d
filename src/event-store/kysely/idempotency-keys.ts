import type { KeyRow } from './append-job';

/** Whether a recorded key still answers for its request, `ttlMs` after it was recorded. */
export function isLive(row: Pick<KeyRow, 'created_at'>, ttlMs: number, now: number): boolean {
  return Number(row.created_at) >= now - ttlMs;
}

/** When and how much to sweep of the expired idempotency keys. */
export interface KeySweepOptions {
  /** Pause between two sweeps that found less than a full batch. @default 60000 */
  readonly intervalMs?: number;
  /** Most keys one sweep deletes, so that it never holds the writer for long. @default 500 */
  readonly batch?: number;
}

/**
 * Deletes expired idempotency keys in bounded batches between groups: a full batch means more
 * are waiting, so the next sweep comes after the next group rather than after the interval. Keys
 * are swept by the longest lifetime any claim asked for, so no live key is ever deleted; a key
 * that expired and is not yet swept is ignored when read, and replaced when claimed again.
 */
export class KeySweeper {
  private readonly intervalMs: number;
  private readonly batch: number;
  private longestTtlMs?: number;
  private dueAt = 0;

  constructor(
    private readonly sweep: (before: number, limit: number) => Promise<number>,
    { intervalMs = 60_000, batch = 500 }: KeySweepOptions = {},
  ) {
    this.intervalMs = intervalMs;
    this.batch = batch;
  }

  /** Notes the lifetime a claim asked for. */
  saw(ttlMs: number): void {
    this.longestTtlMs = Math.max(this.longestTtlMs ?? 0, ttlMs);
  }

  /** Sweeps one batch if one is due. Never throws: a failed sweep is tried again later. */
  async sweepIfDue(now = Date.now()): Promise<void> {
    if (this.longestTtlMs === undefined || now < this.dueAt) return;
    this.dueAt = now + this.intervalMs;
    try {
      const deleted = await this.sweep(now - this.longestTtlMs, this.batch);
      if (deleted >= this.batch) this.dueAt = now;
    } catch {
      // The next append sweeps again once the interval has passed; the keys wait meanwhile.
    }
  }
}
