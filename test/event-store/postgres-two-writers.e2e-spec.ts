import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { parseDatabaseUrl } from '../../src/config';
import { ANY, KyselyEventStore, NO_STREAM, openDialect, type StoredEvent } from '../../src/event-store';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { newEvent } from '../support/events';
import { eventually } from '../support/poll';

/**
 * Holds inserts into `events` back until `waiters` transactions wait for them, so that both
 * appenders have read their keys before either records one: their races are certain, not likely.
 */
async function whileInsertsWait<T>(url: string, waiters: number, work: () => Promise<T>): Promise<T> {
  const gate = new Client({ connectionString: url });
  await gate.connect();
  try {
    await gate.query('begin');
    await gate.query('lock table events in share mode');
    const done = work();
    await eventually(
      async () => {
        const { rows } = await gate.query<{ waiting: number }>(
          `select count(*)::int as waiting from pg_locks where not granted and relation = 'events'::regclass`,
        );
        return rows[0].waiting >= waiters ? true : undefined;
      },
      { what: `${waiters} appends waiting to insert` },
    );
    await gate.query('commit');
    return await done;
  } finally {
    await gate.end();
  }
}

/** Two processes' appenders on one PostgreSQL database: their groups race on the same keys. */
describe('two group appenders on one PostgreSQL database', () => {
  let database: TestDatabase;
  let stores: [KyselyEventStore, KyselyEventStore];

  beforeAll(async () => {
    database = await createPostgresDatabase('two_writers');
    const open = () => new KyselyEventStore(openDialect(parseDatabaseUrl(database.url)));
    stores = [open(), open()];
    await stores[0].migrate();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await database.drop();
  });

  const claim = (key: string) => ({
    key,
    requestHash: 'same-request',
    ttlMs: 60_000,
    render: (result: { events: readonly StoredEvent[] }) => ({ id: result.events[0].id }),
  });

  it('answers one Idempotency-Key raced from both with one append and the same response', async () => {
    // Each process names the event itself, so the two appends share no stream and no id: only the key.
    const keys = Array.from({ length: 20 }, () => `key-${uuidv7()}`);
    const results = await whileInsertsWait(database.url, 2, () =>
      Promise.all(
        keys.flatMap((key) =>
          stores.map((store) => {
            const event = newEvent();
            return store.append([{ subject: event.id, events: [event], expectedVersion: NO_STREAM }], {
              idempotency: claim(key),
            });
          }),
        ),
      ),
    );
    for (let pair = 0; pair < keys.length; pair++) {
      const [a, b] = results.slice(pair * 2, pair * 2 + 2);
      const winner = a.idempotentResponse === undefined ? a : b;
      const retry = winner === a ? b : a;
      expect(winner.idempotentResponse).toBeUndefined();
      expect(retry).toMatchObject({
        duplicate: true,
        events: [],
        idempotentResponse: { id: winner.events[0].id },
      });
    }
  });

  it('answers one event id raced from both with the one stored event', async () => {
    const events = Array.from({ length: 20 }, () => newEvent());
    const results = await whileInsertsWait(database.url, 1, () =>
      Promise.all(
        events.flatMap((event) =>
          stores.map((store) =>
            store.append([{ subject: `s-${event.id}`, events: [event], expectedVersion: NO_STREAM }]),
          ),
        ),
      ),
    );
    for (let pair = 0; pair < events.length; pair++) {
      const [a, b] = results.slice(pair * 2, pair * 2 + 2);
      expect(a.events[0]).toEqual(b.events[0]);
      expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    }
  });

  it('gives concurrent appends to one stream from both distinct consecutive versions', async () => {
    const subject = `shared-${uuidv7()}`;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        stores[i % 2].append([{ subject, events: [newEvent()], expectedVersion: ANY }]),
      ),
    );
    const { events } = await stores[0].readStream(subject);
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});
