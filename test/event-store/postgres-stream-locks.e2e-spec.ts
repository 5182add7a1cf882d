import { Client, Pool } from 'pg';
import { parseDatabaseUrl } from '../../src/config';
import { ANY, KyselyEventStore, NO_STREAM, openDialect } from '../../src/event-store';
import type { AppendJob } from '../../src/event-store/kysely/append-job';
import {
  PostgresGroupWriter,
  STREAM_LOCK_BUCKETS,
  streamBucketOf,
} from '../../src/event-store/kysely/postgres-writer';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { newEvent } from '../support/events';
import { eventually } from '../support/poll';

const HELD_ADVISORY = `select count(*)::int as held from pg_locks
  where locktype = 'advisory' and pid = pg_backend_pid() and granted`;

/**
 * A pool whose connections count, just before each commit, the advisory locks their transaction
 * holds: the number a group's append takes from the server's shared lock table.
 */
function countingPool(url: string, counts: number[]): { pool: Pool; counted: Pool } {
  const pool = new Pool({ connectionString: url, max: 1 });
  const connect = async () => {
    const client = await pool.connect();
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<{ rows: { held: number }[] }>;
    client.query = (async (...args: unknown[]) => {
      if (args[0] === 'commit') counts.push((await query(HELD_ADVISORY)).rows[0].held);
      return query(...args);
    }) as typeof client.query;
    return client;
  };
  return { pool, counted: { connect } as unknown as Pool };
}

/** The stream locks of the PostgreSQL writer: bounded in number, still one per stream's bucket. */
describe('PostgreSQL stream locks', () => {
  let database: TestDatabase;
  let store: KyselyEventStore;

  beforeAll(async () => {
    database = await createPostgresDatabase('stream_locks');
    store = new KyselyEventStore(openDialect(parseDatabaseUrl(database.url)));
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('takes at most one lock per bucket, however many streams a group appends to', async () => {
    const counts: number[] = [];
    const { pool, counted } = countingPool(database.url, counts);
    try {
      const streams = 3 * STREAM_LOCK_BUCKETS;
      const job: AppendJob = {
        requests: Array.from({ length: streams }, (_, i) => ({
          subject: `many-${i}`,
          events: [newEvent()],
          expectedVersion: NO_STREAM,
        })),
      };
      const [outcome] = await new PostgresGroupWriter(counted).write([job]);
      expect('result' in outcome && outcome.result.events).toHaveLength(streams);
      expect(counts).toHaveLength(1);
      expect(counts[0]).toBeGreaterThan(0);
      expect(counts[0]).toBeLessThanOrEqual(STREAM_LOCK_BUCKETS);
    } finally {
      await pool.end();
    }
  });

  it("still serialises appends to one stream: an append waits while its stream's bucket is locked", async () => {
    const gate = new Client({ connectionString: database.url });
    await gate.connect();
    try {
      await gate.query('begin');
      await gate.query(`select pg_advisory_xact_lock(${streamBucketOf('$1::text')})`, ['held-stream']);
      let settled = false;
      const append = store
        .append([{ subject: 'held-stream', events: [newEvent()], expectedVersion: ANY }])
        .finally(() => (settled = true));
      await eventually(
        async () => {
          const { rows } = await gate.query<{ waiting: number }>(
            `select count(*)::int as waiting from pg_locks where locktype = 'advisory' and not granted`,
          );
          return rows[0].waiting > 0 ? true : undefined;
        },
        { what: 'the append waiting for the bucket lock' },
      );
      expect(settled).toBe(false);
      await gate.query('commit');
      await expect(append).resolves.toMatchObject({ duplicate: false });
    } finally {
      await gate.end();
    }
  });
});
