import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { loadEnvironment } from '../config';
import { configureApp, createHttpAdapter, startMessageIngress } from './configure-app';

/** Creates, configures and starts the HTTP server. */
export async function bootstrap(): Promise<NestFastifyApplication> {
  const env = loadEnvironment();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(), createHttpAdapter(env), {
    bufferLogs: true,
    // Let boot errors reach main.ts, which prints them and exits non-zero.
    abortOnError: false,
  });
  configureApp(app);
  await app.listen(env.PORT, env.HOST);
  startMessageIngress(app);
  return app;
}
