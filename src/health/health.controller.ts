import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { EventStoreHealthIndicator } from './event-store.health';
import { OutboxHealthIndicator } from './outbox.health';
import { RabbitMqHealthIndicator } from './rabbitmq.health';

/** Terminus endpoints for orchestrators and operators. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly rabbitmq: RabbitMqHealthIndicator,
    private readonly eventStore: EventStoreHealthIndicator,
    private readonly outbox: OutboxHealthIndicator,
  ) {}

  /** Every dependency; 503 when any is down. */
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'State of every dependency' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.rabbitmq.isHealthy(),
      () => this.eventStore.isHealthy(),
      () => this.outbox.isHealthy(),
    ]);
  }

  /** The process is alive and its event loop answers; dependencies are not consulted. */
  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** The process can serve: the broker and the store are reachable. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the broker and the store are reachable' })
  @ApiServiceUnavailableResponse({ description: 'Not ready to serve' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.rabbitmq.isHealthy(), () => this.eventStore.isHealthy()]);
  }
}
