/**
 * Profiles Herald's `POST /events` under the bench's load: a Herald child with `--cpu-prof`,
 * load for BENCH_SECONDS, a clean stop (the profile is written on exit), then a summary.
 * Usage: `npm run build && node -r ts-node/register/transpile-only bench/profile.ts [sqlite|postgres] [on|off]`;
 * `bench/cpu-profile-summary.ts <file> [skipSeconds]` summarises a saved profile again.
 * The `.cpuprofile` stays in BENCH_PROFILE_DIR (default $TMPDIR/herald-profiles) for Chrome DevTools.
 */
import { readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'amqplib';
import { benchNamespace, deleteBenchNamespaces } from './broker';
import { cleanUpAll, onCleanup } from './cleanup';
import { loadBenchConfig } from './config';
import { summarise } from './cpu-profile-summary';
import { startHerald, type Tracing } from './herald';
import { postLoad } from './http-load';
import { startOtlpReceiver } from './otlp-receiver';
import { createPostgresDatabase, createSqliteDatabase } from './stores';
import { CLIENT_TRACEPARENT, PUBLISH_BODY } from './workload';

async function main(): Promise<void> {
  const [store = 'sqlite', tracingMode = 'on'] = process.argv.slice(2);
  const config = loadBenchConfig();
  const dir = resolve(process.env.BENCH_PROFILE_DIR ?? join(tmpdir(), 'herald-profiles'));
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const connection = await connect(config.amqpUrl);
  onCleanup('broker connection', () => connection.close());
  onCleanup('bench namespaces', () => deleteBenchNamespaces(connection));
  const namespace = benchNamespace('profile');
  const db =
    store === 'postgres'
      ? await createPostgresDatabase(config.postgresAdminUrl, 'profile')
      : createSqliteDatabase('profile');
  const receiver = await startOtlpReceiver();
  const tracing: Tracing = { mode: tracingMode === 'off' ? 'off' : 'on', endpoint: receiver.endpoint };
  const spawned = performance.now();
  const herald = await startHerald({
    databaseUrl: db.url,
    namespace,
    roles: 'api',
    tracing,
    amqpUrl: config.amqpUrl,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  // The profile starts with the process; everything before the load is boot.
  const skipSeconds = (performance.now() - spawned) / 1000;
  const figure = await postLoad({
    url: `${herald.url}/events`,
    body: PUBLISH_BODY,
    connections: config.connections,
    seconds: config.seconds,
    warmupSeconds: config.warmupSeconds,
    headers: { traceparent: CLIENT_TRACEPARENT },
  });
  await herald.child.stop(30_000);
  console.log(
    `${store}, tracing ${tracing.mode}: ${JSON.stringify(figure)}; OTLP: ${JSON.stringify(receiver.received)}`,
  );
  for (const file of readdirSync(dir).filter((f) => !before.has(f)))
    console.log(summarise(join(dir, file), skipSeconds));
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanUpAll());
