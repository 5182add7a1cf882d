import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { BrokerStatus } from '../messaging';

/** How long a health probe may wait for the broker before reporting it down. */
export const RABBITMQ_PROBE_TIMEOUT_MS = 2_000;

/**
 * `rabbitmq`: up only when the broker answers a channel round trip right now (not a cached flag).
 */
@Injectable()
export class RabbitMqHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly broker: BrokerStatus,
  ) {}

  /** Probes the broker under the key `rabbitmq`. */
  async isHealthy(key = 'rabbitmq') {
    const indicator = this.health.check(key);
    try {
      await this.broker.probe(RABBITMQ_PROBE_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
