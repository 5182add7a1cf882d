import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ClsModule, type ClsService } from 'nestjs-cls';
import { CorrelationContext, rememberInboundTrace } from './correlation.context';
import { CORRELATION_HEADER, ensureCorrelationId } from './correlation-id';

/**
 * Opens an async-local context for every HTTP request with its correlation id, and echoes the
 * id on every response, including 404, 413 and 415 answers that never reach a controller.
 */
@Global()
@Module({
  imports: [
    ClsModule.forRoot({
      global: true,
      middleware: {
        mount: true,
        generateId: true,
        idGenerator: (req: { headers: Parameters<typeof ensureCorrelationId>[0] }) =>
          ensureCorrelationId(req.headers),
        setup: (cls: ClsService, req: { headers: Parameters<typeof ensureCorrelationId>[0] }) =>
          rememberInboundTrace(cls, req.headers),
      },
    }),
  ],
  providers: [CorrelationContext],
  exports: [CorrelationContext],
})
export class CorrelationModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify === undefined) return;
    fastify.addHook('onRequest', (request, reply, done) => {
      reply.header(CORRELATION_HEADER, ensureCorrelationId(request.headers));
      done();
    });
  }
}
