/**
 * Boots Herald with one extra event type whose upcaster chain has a gap, as a process of its own
 * (run by the catalog boot test): it must fail at boot and exit non-zero naming the type.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module';
import { VersioningModule, type EventTypeDefinition } from '../../src/versioning';

const broken: EventTypeDefinition = {
  type: 'broken.chain',
  description: 'v2 cannot reach v3',
  versions: [
    { version: 1, schema: { type: 'object' }, example: {}, upcast: (data) => data },
    { version: 2, schema: { type: 'object' }, example: {} },
    { version: 3, schema: { type: 'object' }, example: {} },
  ],
};

@Module({ imports: [AppModule.forRoot(), VersioningModule.forFeature([broken])] })
class BrokenCatalogApp {}

NestFactory.create(BrokenCatalogApp, new FastifyAdapter(), { abortOnError: false, logger: false }).then(
  () => {
    console.error('booted although the catalog has a gap');
    process.exit(0);
  },
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
