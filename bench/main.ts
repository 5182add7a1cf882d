/**
 * `npm run bench`: Herald's publish path against the baselines it should be judged by, on each
 * store, in one run on one machine. Progress goes to stderr; stdout gets the table and one JSON
 * line. Everything it starts or creates is undone on the way out, whatever the way out is.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { deleteBenchNamespaces } from './broker';
import { cleanUpAll, onCleanup } from './cleanup';
import { loadBenchConfig } from './config';
import { ROOT } from './herald';
import { startOtlpReceiver } from './otlp-receiver';
import { jsonLine, table } from './report';
import { runStore, type Store, type StoreFigures } from './store-run';

const started = Date.now();
const log = (line: string) =>
  console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

let finishing: Promise<never> | undefined;

/** Cleans up once, then exits; a second way out (a signal during a failure) joins the first. */
function finish(code: number): Promise<never> {
  finishing ??= cleanUpAll().then(() => process.exit(code));
  return finishing;
}

async function main(): Promise<void> {
  const config = loadBenchConfig();
  if (!existsSync(join(ROOT, 'dist', 'main.js')))
    throw new Error('dist/main.js is missing: run `npm run build`');
  const deadline = setTimeout(() => {
    log(`deadline of ${config.deadlineSeconds} s passed: stopping (BENCH_DEADLINE_SECONDS to allow more)`);
    void finish(2);
  }, config.deadlineSeconds * 1000);
  const connection = await connect(config.amqpUrl);
  onCleanup('broker connection', () => connection.close());
  // Registered before any child, so it runs after every child has stopped.
  onCleanup('bench namespaces', () => deleteBenchNamespaces(connection));
  const receiver = await startOtlpReceiver();
  const results: Partial<Record<Store, StoreFigures>> = {};
  for (const store of config.stores)
    results[store] = await runStore(store, { config, connection, receiver, log });
  clearTimeout(deadline);
  log(
    `done in ${((Date.now() - started) / 1000).toFixed(0)} s; spans received: ${JSON.stringify(receiver.received)}`,
  );
  console.log(table(results));
  const { stores: _, ...knobs } = config;
  const context = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadavg: loadavg(),
    config: { ...knobs, amqpUrl: undefined, postgresAdminUrl: undefined },
    otlpReceived: receiver.received,
  };
  console.log(jsonLine(results, context));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void finish(130);
  });
}

main().then(
  () => finish(0),
  (error: unknown) => {
    // Once a signal or the deadline is tearing the run down, the failures it causes are expected.
    if (finishing !== undefined) return finishing;
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return finish(1);
  },
);
