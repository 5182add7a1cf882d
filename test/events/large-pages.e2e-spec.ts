import { readFileSync } from 'node:fs';
import { deleteNamespace } from '../support/broker';
import { createSqliteDatabase } from '../support/databases';
import { uniqueNamespace } from '../support/namespace';
import { eventually } from '../support/poll';
import { startLatencyProbe } from '../support/latency-probe';
import { exitOf, spawnHerald } from '../support/process';

const EVENTS = 60;
const READERS = 8;
const MIB = 1024 * 1024;
const MAX_PAGE_BYTES = 4 * MIB;
const port = 20_000 + Math.floor(Math.random() * 20_000);
const base = `http://127.0.0.1:${port}`;

/** The peak resident set of a process so far, in bytes (Linux). */
const peakRss = (pid: number) => {
  const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) * 1024;
};

const readPage = async (after: string) => {
  const res = await fetch(`${base}/events?limit=1000${after}`);
  expect(res.status).toBe(200);
  const text = await res.text();
  const page = JSON.parse(text) as { events: Array<{ data: { orderId: string } }>; next: string };
  return { events: page.events.map((e) => e.data.orderId), next: page.next, bytes: Buffer.byteLength(text) };
};

describe('large pages, served by the real process', () => {
  const namespace = uniqueNamespace('pages');
  const database = createSqliteDatabase();
  const child = spawnHerald({
    PORT: String(port),
    HOST: '127.0.0.1',
    HERALD_NAMESPACE: namespace,
    HERALD_ROLES: 'api',
    DATABASE_URL: database.url,
    MAX_BODY_BYTES: String(2 * MIB),
    MAX_PAGE_BYTES: String(MAX_PAGE_BYTES),
    LOG_LEVEL: 'warn',
  });

  afterAll(async () => {
    child.kill('SIGTERM');
    await exitOf(child, 15_000).catch(() => child.kill('SIGKILL'));
    await deleteNamespace(namespace);
    await database.drop();
  });

  it(`answers ${READERS} concurrent readers of ${EVENTS} events of 1 MiB, live and under 1 GB`, async () => {
    await eventually(async () => ((await fetch(`${base}/health/live`)).ok ? true : undefined), {
      what: 'the process to serve /health/live',
      timeoutMs: 30_000,
    });
    for (let i = 0; i < EVENTS; i++) {
      const data = {
        orderId: `o-${i}`,
        customer: { userId: String(i % 10).repeat(MIB - 200) },
        lines: [],
        currency: 'EUR',
      };
      const res = await fetch(`${base}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'order.created', dataversion: 2, data }),
      });
      expect(res.status).toBe(202);
    }

    const probe = startLatencyProbe(`${base}/health/live`);
    try {
      // Eight readers at once, page after page: each answers with a page bounded in bytes.
      let after = '';
      const seen: string[] = [];
      while (seen.length < EVENTS) {
        const pages = await Promise.all(Array.from({ length: READERS }, () => readPage(after)));
        for (const page of pages) {
          expect(page.events.length).toBeGreaterThan(0);
          expect(page.bytes).toBeLessThan(MAX_PAGE_BYTES + 2 * MIB);
          expect(page).toEqual({ ...pages[0], bytes: page.bytes });
        }
        seen.push(...pages[0].events);
        after = `&after=${pages[0].next}`;
      }
      expect(seen).toEqual(Array.from({ length: EVENTS }, (_, i) => `o-${i}`));
      expect((await readPage(after)).events).toEqual([]);
    } finally {
      const live = await probe.stop();
      expect(live.failures).toBe(0);
      expect(live.count).toBeGreaterThan(10);
      expect(live.slowestMs).toBeLessThan(1000);
    }
    expect(peakRss(child.pid as number)).toBeLessThan(1024 * MIB);
  }, 180_000);
});
