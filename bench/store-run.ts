import { join } from 'node:path';
import type { ChannelModel } from 'amqplib';
import { benchNamespace } from './broker';
import { startChild, waitUntilServing } from './children';
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
  const ns = benchNamespace(`http-${tracing.mode}`);
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

/**
 * A backlog ingested through `POST /events/batch` by an api-only Herald, in a database and
 * namespace of its own, then drained by a worker-only Herald and compared with raw publishing.
 */
async function relay(store: Store, run: StoreRun, tracing: Tracing, shape: 'many' | 'single') {
  const { config } = run;
  const db = await database(store, config, `relay_${shape}`);
  const herald = {
    databaseUrl: db.url,
    namespace: benchNamespace(`relay-${shape}`),
    tracing,
    amqpUrl: config.amqpUrl,
  };
  const api = await startHerald({ ...herald, roles: 'api' });
  let ingested;
  try {
    run.log(
      `ingesting up to ${config.backlog} events on ${shape === 'many' ? config.subjects : 1} subject(s)`,
    );
    ingested = await ingestBacklog({
      url: api.url,
      events: config.backlog,
      batchSize: config.batchSize,
      writers: shape === 'many' ? config.batchWriters : 1,
      subjects: shape === 'many' ? config.subjects : 1,
      budgetSeconds: config.ingestSeconds,
    });
  } finally {
    await api.child.stop();
  }
  run.log(`draining ${ingested.events} events`);
  const { rawWindow, drainSeconds } = config;
  const drain = await measureDrain(run.connection, {
    herald,
    backlog: ingested.events,
    rawWindow,
    drainSeconds,
  });
  return { ingestRate: ingested.rate, drain };
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
  const publishTracingOff = await publish(run, db, { mode: 'off', endpoint: run.receiver.endpoint });
  const relayRun = { ...run, log: (line: string) => run.log(`${store}: ${line}`) };
  const many = await relay(store, relayRun, tracingOn, 'many');
  const single = await relay(store, relayRun, tracingOn, 'single');
  return {
    echo: echoFigure,
    naive: naiveRate,
    publishTracingOn,
    publishTracingOff,
    batchIngest: many.ingestRate,
    manySubjects: many.drain,
    singleSubject: single.drain,
  };
}
