import { parseDatabaseUrl } from '../../src/config';
import { ANY, KyselyEventStore, encodeCursor, openDialect, type EventStore } from '../../src/event-store';
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { newEvent } from '../support/events';

const KIB = 1024;
const blob = (kib: number, i: number) => ({ i, blob: String(i % 10).repeat(kib * KIB) });

describe.each(['sqlite', 'postgres'])('bounded reads (%s)', (dialect) => {
  let database: TestDatabase;
  let store: EventStore;
  let type: string;
  let subject: string;
  let ids: string[];

  beforeAll(async () => {
    database = dialect === 'postgres' ? await createPostgresDatabase('bounded') : createSqliteDatabase();
    store = new KyselyEventStore(openDialect(parseDatabaseUrl(database.url)));
    await (store as KyselyEventStore).migrate();
    type = `bounded.t${Math.random().toString(36).slice(2, 8)}`;
    subject = `big-${type}`;
    // Ten events of 100 KiB, one of 600 KiB (the seventh), on one stream.
    const events = Array.from({ length: 10 }, (_, i) =>
      newEvent({ type, data: blob(i === 6 ? 600 : 100, i) }),
    );
    ids = events.map((e) => e.id);
    for (const event of events) await store.append([{ subject, events: [event], expectedVersion: ANY }]);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('bounds a page in bytes as well as in count, and continues where it stopped', async () => {
    const pages: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.readAll({ after, type, limit: 1000, maxBytes: 350 * KIB });
      if (page.events.length === 0) {
        expect(page.next).toBe(after);
        break;
      }
      pages.push(page.events.map((e) => e.id));
      after = page.next;
    }
    // Three of 100 KiB fit in 350 KiB; the 600 KiB event makes a page of its own.
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1, 3]);
    expect(pages.flat()).toEqual(ids);
  });

  it('bounds the relay pending pages in bytes, on its leader session', async () => {
    const session = await store.leadRelay(`bounded-${type}`, { leaseMs: 5_000 });
    try {
      const pages: string[][] = [];
      let after: string | undefined;
      for (let page = await session!.readPending(after, 1000, 350 * KIB); page.length > 0;) {
        pages.push(page.map((e) => e.id));
        after = page.at(-1)!.cursor;
        page = await session!.readPending(after, 1000, 350 * KIB);
      }
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1, 3]);
      expect(pages.flat()).toEqual(ids);
      const counted = await session!.readPending(undefined, 2, 10 * 1024 * KIB);
      expect(counted.map((e) => e.id)).toEqual(ids.slice(0, 2));
      expect(counted[1].data).toEqual(blob(100, 1));
    } finally {
      await session!.release();
    }
  });

  it('still honours the count when the bytes allow more', async () => {
    const page = await store.readAll({ type, limit: 2, maxBytes: 10 * 1024 * KIB });
    expect(page.events.map((e) => e.id)).toEqual(ids.slice(0, 2));
  });

  it('returns the start of the order as the cursor of an empty first page', async () => {
    const page = await store.readAll({ type: 'no.such-type' });
    expect(page).toEqual({ events: [], next: encodeCursor({ tx: '0', position: 0 }) });
    expect((await store.readAll({ after: page.next, type })).events).toHaveLength(10);
  });

  it('pages a stream in bytes and count, with the fromVersion that continues', async () => {
    const first = await store.readStream(subject, 1, { maxBytes: 250 * KIB });
    expect(first).toMatchObject({ version: 10, next: 3 });
    expect(first.events.map((e) => e.streamVersion)).toEqual([1, 2]);
    const counted = await store.readStream(subject, 3, { limit: 5 });
    expect(counted.events.map((e) => e.streamVersion)).toEqual([3, 4, 5, 6, 7]);
    expect(counted.next).toBe(8);
    const big = await store.readStream(subject, 7, { maxBytes: 10 * KIB });
    expect(big.events.map((e) => e.streamVersion)).toEqual([7]);
    const past = await store.readStream(subject, 11);
    expect(past).toEqual({ version: 10, events: [], next: 11 });
  });
});
