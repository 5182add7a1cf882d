import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter, startMessageIngress } from '../../src/app/configure-app';
import { loadEnvironment } from '../../src/config';
import { deleteNamespace } from './broker';
import { createSqliteDatabase } from './databases';
import { uniqueNamespace } from './namespace';

/** A running Herald for one e2e suite, on a random port, in a namespace of its own. */
export interface RunningApp {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly namespace: string;
  /** Closes the app and deletes the namespace's exchanges and queues. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Suite name, part of the namespace. */
  readonly suite: string;
  /**
   * Environment for this app on top of the process's. Without `DATABASE_URL` the app gets a
   * SQLite file of its own, deleted on close.
   */
  readonly env?: Record<string, string | undefined>;
  /** Extra modules, for example a test-only controller. */
  readonly imports?: Array<Type | DynamicModule>;
}

/** Boots the whole application through the Nest testing module, as `main.ts` would. */
export async function startApp({ suite, env = {}, imports = [] }: StartOptions): Promise<RunningApp> {
  const namespace = env.HERALD_NAMESPACE ?? uniqueNamespace(suite);
  // A store of its own unless the suite brings one (and then the suite owns it).
  const database = env.DATABASE_URL === undefined ? createSqliteDatabase() : undefined;
  const saved = { ...process.env };
  Object.assign(
    process.env,
    // The legacy queue is namespaced too, so that suites never consume each other's messages.
    { HERALD_NAMESPACE: namespace, PORT: '0', LEGACY_QUEUE: `${namespace}.order_events` },
    database && { DATABASE_URL: database.url },
    env,
  );
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(), ...imports],
    }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(
      createHttpAdapter(loadEnvironment()),
      {
        bufferLogs: true,
      },
    );
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    startMessageIngress(app);
    const url = await app.getUrl();
    return {
      app,
      url: url.replace('[::1]', '127.0.0.1'),
      namespace,
      close: async () => {
        await app.close();
        await deleteNamespace(namespace);
        await database?.drop();
      },
    };
  } finally {
    process.env = saved;
  }
}
