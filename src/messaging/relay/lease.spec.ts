import type { RelaySession } from '../../event-store';
import { Lease, elect, type LeaseOptions } from './lease';

const LEASE_MS = 1000;

const lockHeld = { confirmLock: () => Promise.resolve() } as unknown as RelaySession;

/** Runs one lock check asked at `now` and lets it answer. */
async function confirm(lease: Lease, now: number): Promise<void> {
  lease.check(
    now,
    lockHeld,
    (error) => {
      throw error;
    },
    () => undefined,
  );
  await new Promise((resolve) => setImmediate(resolve));
}

describe('Lease', () => {
  it('times an election at both ends', async () => {
    let now = 0;
    const elected = await elect(
      () => {
        now = 3000;
        return Promise.resolve('session');
      },
      { fenced: true, leaseMs: LEASE_MS },
      () => now,
    );
    expect(elected).toEqual({
      session: 'session',
      lease: { fenced: true, leaseMs: LEASE_MS, askedAt: 0, heldAt: 3000 },
    });
    expect(await elect(() => Promise.resolve(undefined), { fenced: true, leaseMs: 1 })).toBeUndefined();
  });

  it('allows no publish before one lease after the lock was held, however long the election took', async () => {
    const lease = new Lease({ fenced: true, leaseMs: LEASE_MS, askedAt: 0, heldAt: 3000 });
    await confirm(lease, 3000);
    expect(lease.valid(3999)).toBe(false);
    expect(lease.valid(4000)).toBe(false);
    // Its own lease counts from when a check was asked: the one asked at 3000 lapsed at 4000.
    await confirm(lease, 3500);
    expect(lease.valid(4000)).toBe(true);
    expect(lease.valid(4499)).toBe(true);
    expect(lease.valid(4500)).toBe(false);
  });

  it('counts a new leader’s own lease from when it asked for the lock', () => {
    const lease = new Lease({ fenced: true, leaseMs: LEASE_MS, askedAt: 0, heldAt: 10 });
    // Past the first-publish wait, but its election started a lease ago: it must check first.
    expect(lease.valid(1010)).toBe(false);
    expect(lease.nextChangeAt(1010)).toBe(LEASE_MS / 4);
  });

  it('never lets a former leader and a slowly elected one publish at the same time', async () => {
    const old = new Lease({ fenced: true, leaseMs: LEASE_MS, askedAt: -5000, heldAt: -5000 });
    // The former leader's last good check was asked just before the lock changed hands at 2999,
    // while the new leader's election, asked at 0, was still waiting for a connection.
    await confirm(old, 2998);
    const elected: LeaseOptions = { fenced: true, leaseMs: LEASE_MS, askedAt: 0, heldAt: 3000 };
    const fresh = new Lease(elected);
    for (let now = 3000; now < 6000; now += 10) {
      if (now % 250 === 0) await confirm(fresh, now);
      expect(old.valid(now) && fresh.valid(now)).toBe(false);
    }
    expect(fresh.valid(5000)).toBe(true);
  });

  it('always lets an unfenced leader publish', () => {
    const lease = new Lease({ fenced: false, leaseMs: LEASE_MS, askedAt: 0, heldAt: 0 });
    expect(lease.valid(0)).toBe(true);
    expect(lease.nextChangeAt(0)).toBeUndefined();
  });
});
