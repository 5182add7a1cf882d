/**
 * The HTTP baseline, run as a child process like Herald: a bare NestJS application on the same
 * Fastify adapter and body limit, one route that answers the JSON body it got. Whatever Herald
 * costs beyond this is Herald's own work (correlation, validation, the store, telemetry, logs).
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller('echo')
class EchoController {
  @Get()
  ready(): { status: string } {
    return { status: 'ok' };
  }

  @Post()
  @HttpCode(202)
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

async function main(): Promise<void> {
  // Herald's default MAX_BODY_BYTES.
  const adapter = new FastifyAdapter({ bodyLimit: 1_048_576 });
  const app = await NestFactory.create<NestFastifyApplication>(EchoModule, adapter, {
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
