import { Client } from 'pg';
import { startApp, type RunningApp } from '../support/app.fixture';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { request } from '../support/http';

/** Words from PostgreSQL's own messages that must never reach a client. */
const DRIVER_TEXT = /invalid byte sequence|unsupported Unicode|column|relation|syntax|SQLSTATE|0x00/i;

describe('store faults over HTTP (PostgreSQL)', () => {
  let database: TestDatabase;
  let herald: RunningApp;

  beforeAll(async () => {
    database = await createPostgresDatabase('faults_http');
    herald = await startApp({ suite: 'faults-http', env: { DATABASE_URL: database.url } });
  });
  afterAll(async () => {
    await herald.close();
    await database.drop();
  });

  const publish = (note: string) =>
    request(herald.url, 'POST', '/events', {
      json: { type: 'inventory.reserved', data: { orderId: note, lines: [{ productId: 'p', quantity: 1 }] } },
    });

  it('refuses \\u0000 inside a string with 400 or 422, in plain words, never 503', async () => {
    const res = await publish('o-\u0000-1');
    expect([400, 422]).toContain(res.status);
    expect(JSON.stringify(res.body.message)).not.toMatch(DRIVER_TEXT);
    expect((await publish('o-2')).status).toBe(202);
  });

  it('answers an unrecognised database failure with 500 and no driver text', async () => {
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      // A schema the code does not expect: an error no mapping knows.
      await admin.query('alter table events rename column tracestate to tracestate_gone');
      const res = await publish('o-3');
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ statusCode: 500, error: 'Internal Server Error' });
      expect(JSON.stringify(res.body)).not.toMatch(DRIVER_TEXT);
    } finally {
      await admin.query('alter table events rename column tracestate_gone to tracestate');
      await admin.end();
    }
    expect((await publish('o-4')).status).toBe(202);
  });
});
