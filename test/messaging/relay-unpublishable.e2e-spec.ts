import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { ANY, EVENT_STORE, type EventStore } from '../../src/event-store';
import { unpublishableLetterId } from '../../src/messaging/relay/unpublishable';
import { startApp, type RunningApp } from '../support/app.fixture';
import { createSqliteDatabase, type TestDatabase } from '../support/databases';
import { EventTap } from '../support/event-tap';
import { newEvent } from '../support/events';
import { eventually } from '../support/poll';

describe('relay: an event AMQP cannot carry', () => {
  let database: TestDatabase;
  let herald: RunningApp;
  let tap: EventTap;

  beforeAll(async () => {
    database = createSqliteDatabase();
    herald = await startApp({ suite: 'relay-park', env: { DATABASE_URL: database.url } });
    tap = await EventTap.open(herald.namespace);
  });
  afterAll(async () => {
    await tap.close();
    await herald.close();
    await database.drop();
  });

  /** Writes a row straight into the events table, as no producer of Herald's could. */
  function insertBehindTheDoor(id: string, correlationId: string): void {
    const db = new Database(database.url.slice('sqlite:'.length));
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare(
        `insert into events (id, subject, stream_version, type, dataversion, source, time, data,
                             correlation_id, recorded_at)
         values (?, ?, 1, 'relay.tested', 1, '/herald/tests', ?, '{}', ?, ?)`,
      ).run(id, `bad-${id}`, new Date().toISOString(), correlationId, Date.now());
    } finally {
      db.close();
    }
  }

  it('parks it as an unpublishable dead letter, counts it, and publishes the events after it once each', async () => {
    const store = herald.app.get<EventStore>(EVENT_STORE);
    const bad = uuidv7();
    insertBehindTheDoor(bad, 'c'.repeat(300));
    const after = Array.from({ length: 10 }, (_, i) => newEvent({ type: 'relay.tested', data: { i } }));
    for (const [i, event] of after.entries()) {
      await store.append([{ subject: `after-${i % 3}`, events: [event], expectedVersion: ANY }]);
    }

    const letter = await eventually(() => store.readDeadLetter(unpublishableLetterId(bad)), {
      what: 'the dead letter of the unpublishable event',
    });
    expect(letter).toMatchObject({ eventId: bad, errorKind: 'unpublishable', handler: 'outbox-relay' });
    expect(letter.reason).toMatch(/correlationId.*255/);

    await eventually(() => (tap.messages.length >= after.length ? true : undefined), {
      what: 'the ten events after it',
    });
    await eventually(async () => {
      const health = (await (await fetch(`${herald.url}/health`)).json()) as Record<string, any>;
      return health.details.outbox.pending === 0 ? true : undefined;
    });
    const ids = tap.messages.map((m) => m.properties.messageId as string);
    expect(ids.sort()).toEqual(after.map((e) => e.id).sort());

    const metrics = await (await fetch(`${herald.url}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(`herald_outbox_unpublishable_total\\{namespace="${herald.namespace}"[^}]*\\} 1\\b`),
    );
  });
});
