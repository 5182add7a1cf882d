import { batchEvent } from './workload';

export interface BacklogOptions {
  readonly url: string;
  readonly events: number;
  readonly batchSize: number;
  /** Concurrent writers; each owns its own subjects, so no two transactions touch one stream. */
  readonly writers: number;
  /** How many subjects the events spread over; 1 = a single stream. */
  readonly subjects: number;
  /** No batch is started after this many seconds. */
  readonly budgetSeconds: number;
}

/** What an ingest accepted, and how fast. */
export interface Ingested {
  readonly events: number;
  /** Events accepted per second. */
  readonly rate: number;
}

async function postBatch(url: string, subjects: string[]): Promise<void> {
  const res = await fetch(`${url}/events/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events: subjects.map(batchEvent) }),
  });
  if (res.status !== 202) throw new Error(`POST /events/batch answered ${res.status}: ${await res.text()}`);
}

/**
 * Fills the store through `POST /events/batch`, round-robin over each writer's subjects, until
 * `events` are accepted or the time budget is spent (a slow store then gets a smaller backlog).
 */
export async function ingestBacklog(options: BacklogOptions): Promise<Ingested> {
  const writers = Math.min(options.writers, options.subjects);
  const perWriter = Math.ceil(options.subjects / writers);
  let next = 0;
  const stopAt = performance.now() + options.budgetSeconds * 1000;
  const writer = async (w: number) => {
    let i = 0;
    for (;;) {
      const start = next;
      const size = Math.min(options.batchSize, options.events - start);
      if (size <= 0 || performance.now() > stopAt) return;
      next += size;
      const subjects = Array.from({ length: size }, () => `bench-${w}-${i++ % perWriter}`);
      await postBatch(options.url, subjects);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  return { events: next, rate: next / ((performance.now() - started) / 1000) };
}
