import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ChannelModel } from 'amqplib';
import { deleteNamespace } from './broker';
import { startChild, waitUntilServing } from './children';
import { onCleanup } from './cleanup';
import type { BenchConfig } from './config';
import { ingestBacklog } from './backlog';
import { startHerald, ROOT, type Tracing } from './herald';
import { postLoad, type HttpFigure } from './http-load';
import { naivePostgres, naiveSqlite } from './naive-insert';
import type { OtlpReceiver } from './otlp-receiver';
import { freePort } from './ports';
import { measureDrain, type DrainFigure } from './relay-drain';
import { createPostgresDatabase, createSqliteDatabase, type BenchDatabase } from './stores';
import { CLIENT_TRACEPARENT, PUBLISH_BODY } from './workload';

export type Store = BenchConfig['stores'][number];

/** Every figure measured on one store. */
export interface StoreFigures {
  readonly echo: HttpFigure;
  readonly naive: number;
  readonly publishTracingOn: HttpFigure;
  readonly publishTracingOff: HttpFigure;
  readonly batchIngest: number;
  readonly manySubjects: DrainFigure;
  readonly singleSubject: DrainFigure;
}

export interface StoreRun {
  readonly config: BenchConfig;
  readonly connection: ChannelModel;
  readonly receiver: OtlpReceiver;
  readonly log: (line: string) => void;
}

function database(store: Store, config: BenchConfig, label: string): Promise<BenchDatabase> {
  return store === 'postgres'
    ? createPostgresDatabase(config.postgresAdminUrl, label)
    : Promise.resolve(createSqliteDatabase(label));
}

/** A namespace of the bench's own, deleted from the broker by the cleanup. */
function namespace(run: StoreRun, label: string): string {
  const ns = `bench-${label}-${randomBytes(3).toString('hex')}`;
  onCleanup(`namespace ${ns}`, () => deleteNamespace(run.connection, ns));
  return ns;
}

async function naive(store: Store, run: StoreRun): Promise<number> {
  const db = await database(store, run.config, 'naive');
  return store === 'postgres'
    ? naivePostgres(db.url, run.config.connections, run.config.seconds)
    : naiveSqlite(db.url.slice('sqlite:'.length), run.config.seconds);
}

function load(url: string, run: StoreRun): Promise<HttpFigure> {
  const { connections, seconds, warmupSeconds } = run.config;
  // A traced client's header: with tracing off, Herald still records it on the event.
  const headers = { traceparent: CLIENT_TRACEPARENT };
  return postLoad({ url, body: PUBLISH_BODY, connections, seconds, warmupSeconds, headers });
}

async function echo(run: StoreRun): Promise<HttpFigure> {
  const port = await freePort();
  const args = ['-r', 'ts-node/register/transpile-only', join('bench', 'echo-server.ts')];
  const child = startChild('echo server', args, { PORT: String(port) }, ROOT);
  try {
    await waitUntilServing(child, `http://127.0.0.1:${port}/echo`);
    return await load(`http://127.0.0.1:${port}/echo`, run);
  } finally {
    await child.stop();
  }
}

async function publish(run: StoreRun, db: BenchDatabase, tracing: Tracing): Promise<HttpFigure> {
  const ns = namespace(run, `http-${tracing.mode}`);
  const herald = await startHerald({
    databaseUrl: db.url,
    namespace: ns,
    roles: 'api',
    tracing,
    amqpUrl: run.config.amqpUrl,
  });
  try {
    return await load(`${herald.url}/events`, run);
  } finally {
    await herald.child.stop();
  }
}

/** Batch ingest of a many-subject backlog, its drain, then a single-subject backlog and its drain. */
async function relay(store: Store, run: StoreRun, tracing: Tracing) {
  const { config } = run;
  const db = await database(store, config, 'relay');
  const ns = namespace(run, 'relay');
  const options = { databaseUrl: db.url, namespace: ns, tracing, amqpUrl: config.amqpUrl };
  const timeoutMs = config.deadlineSeconds * 1000;
  const api = await startHerald({ ...options, roles: 'api' });
  try {
    const backlog = { url: api.url, events: config.backlog, batchSize: config.batchSize };
    run.log(`ingesting ${config.backlog} events over ${config.subjects} subjects`);
    const batchIngest = await ingestBacklog({ ...backlog, writers: config.batchWriters, subjects: config.subjects });
    run.log('draining the many-subject backlog');
    const manySubjects = await measureDrain(run.connection, options, config.backlog, config.rawWindow, timeoutMs);
    run.log(`ingesting ${config.backlog} events on one subject`);
    await ingestBacklog({ ...backlog, writers: 1, subjects: 1 });
    run.log('draining the single-subject backlog');
    const singleSubject = await measureDrain(run.connection, options, config.backlog, config.rawWindow, timeoutMs);
    return { batchIngest, manySubjects, singleSubject };
  } finally {
    await api.child.stop();
  }
}

/** Measures every row on one store, each Herald figure beside its baseline. */
export async function runStore(store: Store, run: StoreRun): Promise<StoreFigures> {
  const tracingOn: Tracing = { mode: 'on', endpoint: run.receiver.endpoint };
  run.log(`${store}: naive durable insert`);
  const naiveRate = await naive(store, run);
  run.log(`${store}: echo route`);
  const echoFigure = await echo(run);
  const db = await database(store, run.config, 'http');
  run.log(`${store}: POST /events, tracing on`);
  const publishTracingOn = await publish(run, db, tracingOn);
  run.log(`${store}: POST /events, tracing off`);
  const publishTracingOff = await publish(run, db, { mode: 'off' });
  const relayFigures = await relay(store, { ...run, log: (line) => run.log(`${store}: ${line}`) }, tracingOn);
  return { echo: echoFigure, naive: naiveRate, publishTracingOn, publishTracingOff, ...relayFigures };
}
