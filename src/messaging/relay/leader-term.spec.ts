import { Logger } from '@nestjs/common';
import type { StoredEvent } from '../../event-store';
import type { EventPublisher } from '../event-publisher';
import { LeaderTerm, type TermOptions } from './leader-term';
import { monotonicNow } from './lease';
import type { Settle } from './relay-channel';

const MIB = 1024 * 1024;

const event = (position: number, dataBytes: number): StoredEvent => ({
  id: `e-${position}`,
  type: 'test.happened',
  dataversion: 1,
  source: '/t',
  time: '2026-11-28T00:00:00Z',
  data: { blob: 'x'.repeat(dataBytes) },
  subject: `s-${position}`,
  streamVersion: 1,
  position,
  cursor: `c-${position}`,
});

/** A leader session over a list of events that honours the byte budget as the store does. */
function fakeSession(events: StoredEvent[]) {
  const reads: { after: string | undefined; limit: number; maxBytes: number | undefined }[] = [];
  const session = {
    reads,
    locksConfirmed: 0,
    saved: [] as string[],
    saveFails: false,
    checkpoint: () => Promise.resolve(undefined),
    readPending(after: string | undefined, limit: number, maxBytes?: number) {
      reads.push({ after, limit, maxBytes });
      const from = after === undefined ? 0 : events.findIndex((e) => e.cursor === after) + 1;
      const page: StoredEvent[] = [];
      let bytes = 0;
      for (const e of events.slice(from, from + limit)) {
        bytes += JSON.stringify(e.data).length;
        if (page.length > 0 && maxBytes !== undefined && bytes > maxBytes) break;
        page.push(e);
      }
      return Promise.resolve(page);
    },
    saveCheckpoint(cursor: string) {
      if (session.saveFails) return Promise.reject(new Error('session ended by the server'));
      session.saved.push(cursor);
      return Promise.resolve();
    },
    confirmLock() {
      session.locksConfirmed++;
      return Promise.resolve();
    },
    release: () => Promise.resolve(),
  };
  return session;
}

/** A publisher that sends everything and leaves the confirms to the test. */
function fakePublisher() {
  const unsettled: Settle[] = [];
  const publisher = {
    connected: true,
    onChange: () => () => undefined,
    send: (_: StoredEvent, settle: Settle) => {
      unsettled.push(settle);
      return { sent: true };
    },
    abandon: () => undefined,
  };
  const confirmAll = () => unsettled.splice(0).forEach((settle) => settle(undefined));
  return { publisher: publisher as unknown as EventPublisher, unsettled, confirmAll };
}

const options = (overrides: Partial<TermOptions> = {}): TermOptions => {
  const longAgo = monotonicNow() - 60_000;
  return {
    batchSize: 500,
    pageBytes: 4 * MIB,
    window: 1000,
    pollMs: 10,
    lease: { fenced: false, leaseMs: 200, askedAt: longAgo, heldAt: longAgo },
    ...overrides,
  };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(10);
  expect(condition()).toBe(true);
}

describe('LeaderTerm', () => {
  let running = true;
  const terms: { term: LeaderTerm; done: Promise<void>; confirmAll: () => void }[] = [];

  function start(session: ReturnType<typeof fakeSession>, termOptions = options()) {
    running = true;
    const { publisher, unsettled, confirmAll } = fakePublisher();
    const term = new LeaderTerm(
      session,
      publisher,
      () => Promise.resolve(),
      termOptions,
    );
    const done = term.run(() => running);
    terms.push({ term, done, confirmAll });
    return { term, done, unsettled, confirmAll };
  }

  afterEach(async () => {
    // A failed test must not leave a term running.
    running = false;
    for (const { term, done, confirmAll } of terms.splice(0)) {
      term.wake();
      confirmAll();
      await done.catch(() => undefined);
    }
    jest.restoreAllMocks();
  });

  it('reads pages bounded in bytes and reads ahead no more than a page of them', async () => {
    const session = fakeSession(Array.from({ length: 20 }, (_, i) => event(i + 1, MIB)));
    const { unsettled, confirmAll } = start(session);

    await until(() => unsettled.length === 6);
    // A check that something does NOT happen needs a window: give the term time to read on.
    await sleep(100);
    // Three events of 1 MiB fit in a 4 MiB page; one more page is read ahead, and no other
    // while a page's worth waits to be published.
    expect(session.reads.map((read) => [read.after, read.maxBytes])).toEqual([
      [undefined, 4 * MIB],
      ['c-3', 4 * MIB],
    ]);
    expect(unsettled).toHaveLength(6);

    confirmAll();
    await until(() => session.reads.length >= 3);
    expect(session.reads[2].after).toBe('c-6');
  });

  it('keeps confirming the lock while it drains at shutdown, then saves the checkpoint', async () => {
    const session = fakeSession([event(1, 10)]);
    const lease = { ...options().lease, fenced: true };
    const { term, done, unsettled, confirmAll } = start(session, options({ lease }));

    await until(() => unsettled.length === 1);
    running = false;
    term.wake();
    const checksBefore = session.locksConfirmed;
    // Past the lease (200 ms) while confirms are outstanding: a session idle this long would be
    // ended by the server, so the drain must keep checking the lock.
    await until(() => session.locksConfirmed - checksBefore >= 3);
    expect(session.saved).toEqual([]);
    confirmAll();
    await done;
    expect(session.saved).toEqual(['c-1']);
  });

  it('says so when the final checkpoint cannot be saved', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const session = fakeSession([event(1, 10)]);
    const { done, unsettled, confirmAll } = start(session);

    await until(() => unsettled.length === 1);
    running = false;
    session.saveFails = true;
    confirmAll();
    await done;
    expect(session.saved).toEqual([]);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('checkpoint not saved at shutdown'));
  });
});
