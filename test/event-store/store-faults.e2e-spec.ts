import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { parseDatabaseUrl } from '../../src/config';
import {
  ANY,
  InvalidStoreInputError,
  KyselyEventStore,
  StoreUnavailableError,
  openDialect,
  type EventStore,
} from '../../src/event-store';
import { DEFAULT_POSTGRES_SESSION } from '../../src/event-store/kysely/postgres-session';
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { newEvent } from '../support/events';

const subjectOf = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

/** Appends one event straight through the store, past every HTTP limit, and returns what it threw. */
async function appendFailure(store: EventStore, subject: string, overrides = {}): Promise<unknown> {
  try {
    await store.append([{ subject, events: [newEvent(overrides)], expectedVersion: ANY }]);
  } catch (error) {
    return error;
  }
  throw new Error('the append was accepted');
}

describe('database faults at the store (PostgreSQL)', () => {
  let database: TestDatabase;
  let store: KyselyEventStore;

  beforeAll(async () => {
    database = await createPostgresDatabase('faults');
    const session = { ...DEFAULT_POSTGRES_SESSION, lockTimeoutMs: 300 };
    store = new KyselyEventStore(openDialect(parseDatabaseUrl(database.url), session));
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it.each([
    ['\\u0000 inside a data string', subjectOf('nul'), { data: { note: 'a\u0000b' } }, /\\u0000/],
    ['\\u0000 in the subject', `nul-\u0000-${randomBytes(4).toString('hex')}`, {}, /UTF-8/],
    ['a subject too large to index', randomBytes(7_500).toString('base64'), {}, /too large to index/],
    ['a missing required value', subjectOf('null'), { source: null }, /required/],
  ])('refuses %s for good with InvalidStoreInputError', async (_, subject, overrides, reason) => {
    const error = await appendFailure(store, subject, overrides);
    expect(error).toBeInstanceOf(InvalidStoreInputError);
    expect(error).not.toBeInstanceOf(StoreUnavailableError);
    expect((error as InvalidStoreInputError).reason).toMatch(reason);
    // The store still works for the next request.
    await store.append([{ subject: subjectOf('after'), events: [newEvent()], expectedVersion: ANY }]);
  });

  it('answers StoreUnavailableError when a lock is not granted within lock_timeout', async () => {
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query('begin');
      await admin.query('lock table events in access exclusive mode');
      const error = await appendFailure(store, subjectOf('locked'));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).reason).toMatch(/lock/);
    } finally {
      await admin.query('rollback');
      await admin.end();
    }
  });
});

describe('database faults at the store (SQLite)', () => {
  const database = createSqliteDatabase();
  let store: KyselyEventStore;

  beforeAll(async () => {
    store = new KyselyEventStore(openDialect(parseDatabaseUrl(database.url)));
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('refuses a missing required value for good with InvalidStoreInputError', async () => {
    const error = await appendFailure(store, subjectOf('null'), { source: null });
    expect(error).toBeInstanceOf(InvalidStoreInputError);
    expect((error as InvalidStoreInputError).reason).toMatch(/required/);
  });

  it('stores \\u0000 inside strings as it is, and reads it back', async () => {
    const event = newEvent({ data: { note: 'a\u0000b' } });
    const subject = `nul-\u0000-${randomBytes(4).toString('hex')}`;
    await store.append([{ subject, events: [event], expectedVersion: ANY }]);
    expect(await store.readEvent(event.id)).toMatchObject({ subject, data: { note: 'a\u0000b' } });
  });
});
