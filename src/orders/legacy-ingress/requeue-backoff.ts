/**
 * How long to hold a legacy message before handing it back to the queue while the store is
 * unavailable: doubling from `baseMs` with each consecutive failure up to `maxMs`, and back to
 * the start after a success. A requeue at once would redeliver at once, in a hot loop.
 */
export class RequeueBackoff {
  private failures = 0;

  constructor(
    private readonly baseMs = 250,
    private readonly maxMs = 5_000,
  ) {}

  /** The delay before the next requeue; counts one more consecutive failure. */
  next(): number {
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 16));
    this.failures++;
    return delay;
  }

  reset(): void {
    this.failures = 0;
  }
}
