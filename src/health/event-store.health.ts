import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectEventStore, type EventStore } from '../event-store';

/** `eventStore`: up when the database answers a query now. */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectEventStore() private readonly store: EventStore,
  ) {}

  async isHealthy(key = 'eventStore') {
    const indicator = this.health.check(key);
    try {
      await this.store.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
