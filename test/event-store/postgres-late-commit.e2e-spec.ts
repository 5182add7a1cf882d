import { Client } from 'pg';
import { ANY, KyselyEventStore, openDialect, type EventStore } from '../../src/event-store';
import { parseDatabaseUrl } from '../../src/config';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { newEvent } from '../support/events';

/**
 * PostgreSQL hands out positions at insert time but makes rows visible at commit time, so a
 * reader paging by position alone would skip an append that commits late. Herald's reader must not.
 */
describe('PostgreSQL: readers and relays never skip a late commit', () => {
  let database: TestDatabase;
  let store: EventStore;
  let other: EventStore;

  beforeAll(async () => {
    database = await createPostgresDatabase('late');
    const location = parseDatabaseUrl(database.url);
    const kysely = new KyselyEventStore(openDialect(location));
    await kysely.migrate();
    store = kysely;
    other = new KyselyEventStore(openDialect(location));
  });
  afterAll(async () => {
    await store.close();
    await other.close();
    await database.drop();
  });

  it('holds back events behind an open append, then returns all of them in (tx, position) order', async () => {
    const before = await store.append([{ subject: 'early', events: [newEvent()], expectedVersion: ANY }]);
    const cursor = before.events[0].cursor;

    // A slow writer: takes the next position, then stays open.
    const slow = new Client({ connectionString: database.url });
    await slow.connect();
    const late = newEvent();
    try {
      await slow.query('begin');
      const { rows } = await slow.query<{ position: string }>(
        `insert into events (id, subject, stream_version, type, dataversion, source, time, data, recorded_at)
         values ($1, 'late', 1, $2, 1, $3, $4, $5, $6) returning position`,
        [late.id, late.type, late.source, late.time, JSON.stringify(late.data), Date.now()],
      );
      const latePosition = Number(rows[0].position);

      // A fast writer commits after it, at a higher position.
      const fast = await store.append([{ subject: 'fast', events: [newEvent()], expectedVersion: ANY }]);
      expect(fast.events[0].position).toBeGreaterThan(latePosition);

      // A naive reader would now see `fast` and, checkpointing there, lose `late` for ever.
      const naive = new Client({ connectionString: database.url });
      await naive.connect();
      const { rows: seen } = await naive
        .query<{ id: string }>('select id from events where position > $1 order by position', [
          before.events[0].position,
        ])
        .finally(() => naive.end());
      expect(seen.map((r) => r.id)).toEqual([fast.events[0].id]);

      const whileOpen = await store.readAll({ after: cursor });
      expect(whileOpen.events.map((e) => e.id)).not.toContain(fast.events[0].id);
      expect(whileOpen.events).toHaveLength(0);
      expect(whileOpen.next).toBe(cursor);

      await slow.query('commit');
      const afterCommit = await store.readAll({ after: cursor });
      expect(afterCommit.events.map((e) => e.id)).toEqual([late.id, fast.events[0].id]);
    } finally {
      await slow.end();
    }
  });

  it('elects one relay leader among processes and hands over when it lets go', async () => {
    const lease = { leaseMs: 5_000 };
    const first = await store.leadRelay('main', lease);
    expect(first).toBeDefined();
    expect(await other.leadRelay('main', lease)).toBeUndefined();
    await first!.release();
    const second = await other.leadRelay('main', lease);
    expect(second).toBeDefined();
    expect(await store.leadRelay('main', lease)).toBeUndefined();
    await second!.confirmLock();
    await second!.release();
  });
});
