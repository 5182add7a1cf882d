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
  /**
   * When the lock was asked for ({@link monotonicNow}), before connecting: the new leader's own
   * lease counts from here, as if this were its first lock check.
   */
  readonly askedAt: number;
  /**
   * When the lock was known to be held, after the whole election returned: no publish before one
   * lease after this. A former leader's last good check was asked before the lock changed hands,
   * however long the election took, so its lease has run out by then.
   */
  readonly heldAt: number;
}

/**
 * Runs an election and times it for the lease: `askedAt` before `elect` starts, `heldAt` after it
 * resolves. Measuring both ends is what fences a former leader when the election is slow (a busy
 * pool, slow round trips).
 * @returns undefined when `elect` does (another process leads).
 */
export async function elect<S>(
  run: () => Promise<S | undefined>,
  lease: { readonly fenced: boolean; readonly leaseMs: number },
  clock: () => number = monotonicNow,
): Promise<{ session: S; lease: LeaseOptions } | undefined> {
  const askedAt = clock();
  const session = await run();
  if (session === undefined) return undefined;
  return { session, lease: { ...lease, askedAt, heldAt: clock() } };
}

/**
 * The leader's lease: it may publish only while its last successful lock check, counted from when
 * the question was asked, is younger than the lease; and not before one lease after it held the
 * lock, by when a former leader that lost the lock has stopped. Checks run every quarter lease.
 */
export class Lease {
  private confirmedAt: number;
  private lastCheckAt: number;
  private checking = false;
  private readonly notBefore: number;

  constructor(private readonly options: LeaseOptions) {
    this.confirmedAt = options.askedAt;
    this.lastCheckAt = options.askedAt;
    this.notBefore = options.fenced ? options.heldAt + options.leaseMs : 0;
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
