import type { RelaySession } from '../../event-store';

/**
 * Milliseconds on a clock that never jumps: leases are measured in elapsed time, and a wall clock
 * stepped by NTP must not stretch one.
 */
export const monotonicNow = (): number => performance.now();

export interface LeaseOptions {
  /** PostgreSQL: leadership is leased and re-checked; SQLite: the one process always leads. */
  readonly fenced: boolean;
  readonly leaseMs: number;
  /** When the lock was asked for ({@link monotonicNow}): the lease counts from here. */
  readonly acquiredAt: number;
}

/**
 * The leader's lease: it may publish only while its last successful lock check, counted from when
 * the question was asked, is younger than the lease; and not before one lease after it took the
 * lock, by when a former leader that lost the lock has stopped. Checks run every quarter lease.
 */
export class Lease {
  private confirmedAt: number;
  private lastCheckAt: number;
  private checking = false;
  private readonly notBefore: number;

  constructor(private readonly options: LeaseOptions) {
    this.confirmedAt = options.acquiredAt;
    this.lastCheckAt = options.acquiredAt;
    this.notBefore = options.fenced ? options.acquiredAt + options.leaseMs : 0;
  }

  /** Whether this process may put a message on the wire at `now`. */
  valid(now: number): boolean {
    if (!this.options.fenced) return true;
    return now >= this.notBefore && now - this.confirmedAt < this.options.leaseMs;
  }

  /** The next moment something changes: a check falls due or the first publish is allowed. */
  nextChangeAt(now: number): number | undefined {
    if (!this.options.fenced) return undefined;
    // A running check wakes the relay when it ends.
    const checkDue = this.checking ? Infinity : this.lastCheckAt + this.options.leaseMs / 4;
    return this.notBefore > now ? Math.min(checkDue, this.notBefore) : checkDue;
  }

  /** Asks the session whether it still holds the lock, if a check is due and none is running. */
  check(now: number, session: RelaySession, onFailure: (error: Error) => void, onDone: () => void): void {
    if (!this.options.fenced || this.checking) return;
    if (now - this.lastCheckAt < this.options.leaseMs / 4) return;
    this.checking = true;
    this.lastCheckAt = now;
    session
      .confirmLock()
      .then(() => {
        this.confirmedAt = Math.max(this.confirmedAt, now);
      }, onFailure)
      .finally(() => {
        this.checking = false;
        onDone();
      });
  }
}
