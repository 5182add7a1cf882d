import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { storeConfig } from '../config';
import { InjectEventStore, type EventStore } from '../event-store';
import { OutboxRelay } from '../messaging';

/**
 * `outbox`: how many appended events wait for the relay and how old the next one is; down when it
 * is older than `OUTBOX_MAX_AGE_MS` (the relay is stuck or the broker has been away too long).
 * Read without scanning the backlog: `pending` is exact up to 1,000 and estimated beyond, with
 * `pendingEstimated: true`.
 */
@Injectable()
export class OutboxHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectEventStore() private readonly store: EventStore,
    private readonly relay: OutboxRelay,
    @Inject(storeConfig.KEY) private readonly config: ConfigType<typeof storeConfig>,
  ) {}

  async isHealthy(key = 'outbox') {
    const indicator = this.health.check(key);
    try {
      const { pending, oldestAgeMs, estimated } = await this.store.outboxBacklog(this.relay.name);
      const details = {
        pending,
        ...(estimated && { pendingEstimated: true }),
        oldestPendingAgeMs: oldestAgeMs,
        maxAgeMs: this.config.outboxMaxAgeMs,
      };
      return oldestAgeMs > this.config.outboxMaxAgeMs
        ? indicator.down({ ...details, message: `oldest pending event waits for ${oldestAgeMs} ms` })
        : indicator.up(details);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
