import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TELEMETRY } from './telemetry.di-tokens';
import type { Telemetry } from './otel-sdk';

/** Prometheus scrape endpoint on the application port. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(TELEMETRY) private readonly telemetry: Telemetry) {}

  @Get()
  @ApiOperation({ summary: 'Metrics in Prometheus text format' })
  @ApiOkResponse({ description: 'Prometheus exposition format', content: { 'text/plain': {} } })
  metrics(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    // The exporter writes the raw response itself; Fastify must not send one of its own.
    reply.hijack();
    this.telemetry.prometheus.getMetricsRequestHandler(request.raw, reply.raw);
  }
}
