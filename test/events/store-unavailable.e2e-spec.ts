import { startApp, type RunningApp } from '../support/app.fixture';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { request } from '../support/http';

describe('publishing while the store is unavailable', () => {
  let database: TestDatabase;
  let herald: RunningApp;

  beforeAll(async () => {
    database = await createPostgresDatabase('unavailable');
    herald = await startApp({ suite: 'unavailable', env: { DATABASE_URL: database.url } });
  });
  afterAll(async () => {
    await herald.close();
    await database.drop();
  });

  it('answers 503 (nothing accepted) and reports eventStore down', async () => {
    const ok = await request(herald.url, 'POST', '/events', {
      json: { type: 'inventory.reserved', data: { orderId: 'o', lines: [{ productId: 'p', quantity: 1 }] } },
    });
    expect(ok.status).toBe(202);

    // The database goes away under the running service.
    await database.drop();

    const res = await request(herald.url, 'POST', '/events', {
      json: { type: 'inventory.reserved', data: { orderId: 'o', lines: [{ productId: 'p', quantity: 1 }] } },
    });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Plain words only: the driver's own text stays in the server log.
    expect(res.body.message).not.toMatch(/database "herald_t|terminat|SQLSTATE|ECONN/i);

    const health = await request(herald.url, 'GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body.error.eventStore.status).toBe('down');
    expect((await request(herald.url, 'GET', '/health/ready')).status).toBe(503);
  });
});
