import type { IncomingMessage } from 'node:http';
import { BadRequestException, Logger as NestLogger, ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { Environment } from '../config';
import { DomainExceptionFilter } from './domain-exception.filter';
import { validationExceptionFactory } from './validation-errors';
import { ensureCorrelationId } from '../correlation';
import { JsonBoundsError, MAX_PARAM_LENGTH, assertJsonBounds } from '../limits';
import { CLOUDEVENTS_CONTENT_TYPE } from '../messaging/envelope';
import { connectLegacyIngress } from '../orders';

/** The Fastify adapter with the limits that must exist before the app is created. */
export function createHttpAdapter(env: Environment): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: env.MAX_BODY_BYTES,
    // Every id and subject that can be written can be read back by its URL, percent-encoded.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // The request id is the correlation id, so Fastify's and pino's logs agree with the header.
    genReqId: (request: IncomingMessage) => ensureCorrelationId(request.headers),
  });
  const fastify = adapter.getInstance();
  // CloudEvents in structured mode are JSON under their own media type; other types stay 415.
  fastify.addContentTypeParser(
    CLOUDEVENTS_CONTENT_TYPE,
    { parseAs: 'string' },
    fastify.getDefaultJsonParser('error', 'error'),
  );
  // Before any pipe walks the body recursively: too deep a document would overflow the stack
  // (a 500), and strings a store cannot keep the same way everywhere are refused alike on both.
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      if (typeof request.body === 'object' && request.body !== null) assertJsonBounds(request.body);
      done();
    } catch (error) {
      done(error instanceof JsonBoundsError ? new BadRequestException([error.message]) : (error as Error));
    }
  });
  return adapter;
}

/** The OpenAPI description of Herald's HTTP API. */
export function buildOpenApiConfig() {
  return new DocumentBuilder()
    .setTitle('Herald')
    .setDescription(
      'Event publishing, the event store, contracts and operations. Every response carries X-Correlation-Id.',
    )
    .setVersion('0.1.0')
    .addApiKey({ type: 'apiKey', name: 'X-Api-Key', in: 'header' }, 'admin')
    .build();
}

/**
 * Everything the entry point and the e2e fixture both apply to a created app: logger,
 * validation, shutdown hooks and the API documentation at `/docs` and `/docs-json`.
 */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(app, buildOpenApiConfig());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * Starts the message consumers attached through Nest's microservice transport (the legacy
 * ingress). Not awaited: the transport resolves only once the broker is reachable, and Herald
 * serves while it is not.
 */
export function startMessageIngress(app: NestFastifyApplication): void {
  if (!connectLegacyIngress(app)) return;
  app.startAllMicroservices().catch((error: Error) => {
    new NestLogger('MessageIngress').error(`message ingress failed to start: ${error.message}`);
  });
}
