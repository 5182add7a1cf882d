import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Counter } from '@opentelemetry/api';
import { MetricService } from 'nestjs-otel';
import { heraldConfig, storeConfig } from '../config';
import { InjectEventStore, type EventStore, type StoredEvent } from '../event-store';
import { EventPublisher } from './event-publisher';
import { LeaderTerm, RELAY_PAGE_BYTES } from './relay/leader-term';
import { elect } from './relay/lease';
import { parkUnpublishable } from './relay/unpublishable';
import { RelayWakeup } from './relay-wakeup';

/**
 * Moves events from the store's outbox to RabbitMQ, advancing the checkpoint only over the
 * confirmed prefix of the commit order: a crash repeats a publish, never loses one. Within a
 * subject, events go out in stream order, one unconfirmed at a time. Runs in worker processes;
 * among processes sharing a store one leads at a time, fenced by a lease on PostgreSQL.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly wakeup = new RelayWakeup();
  private readonly unpublishable: Counter;
  private running = false;
  private loop: Promise<void> | undefined;
  private term: LeaderTerm | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly publisher: EventPublisher,
    @Inject(heraldConfig.KEY) private readonly herald: ConfigType<typeof heraldConfig>,
    @Inject(storeConfig.KEY) private readonly config: ConfigType<typeof storeConfig>,
    metrics: MetricService,
  ) {
    this.unpublishable = metrics.getCounter('herald_outbox_unpublishable', {
      description: 'Events the outbox relay could not publish and parked as dead letters',
    });
  }

  /** The relay's name in the store: one checkpoint and one leader per namespace. */
  get name(): string {
    return this.herald.namespace;
  }

  /** Whether this process leads the relay now. */
  get leading(): boolean {
    return this.term !== undefined;
  }

  onApplicationBootstrap(): void {
    if (!this.herald.roles.has('worker')) return;
    this.running = true;
    this.unsubscribe = this.store.onAppended(() => {
      this.term?.wake();
      this.wakeup.wake();
    });
    this.loop = this.run();
  }

  /** Stops after what is on the wire settles, saves the checkpoint and gives up leadership. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.term?.wake();
    this.wakeup.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.lead();
      } catch (error) {
        this.logger.warn(`outbox relay: ${(error as Error).message}`);
      }
      if (this.running) await this.wakeup.wait(this.config.relayPollMs);
    }
  }

  /** One attempt to lead: returns when another process leads, the broker is away, or on stop. */
  private async lead(): Promise<void> {
    // Leading without a broker would only hold back a process that can reach one.
    if (!this.publisher.connected) return;
    const fenced = this.config.location.dialect === 'postgres';
    const leaseMs = this.config.relayLeaseMs;
    const elected = await elect(() => this.store.leadRelay(this.name, { leaseMs }), { fenced, leaseMs });
    if (elected === undefined) return;
    const { session, lease } = elected;
    if (fenced) this.logger.log(`leading the outbox relay; first publish in ${leaseMs} ms`);
    this.term = new LeaderTerm(session, this.publisher, (event, reason) => this.park(event, reason), {
      batchSize: this.config.relayBatchSize,
      pageBytes: RELAY_PAGE_BYTES,
      window: this.config.relayWindow,
      pollMs: this.config.relayPollMs,
      lease,
    });
    try {
      await this.term.run(() => this.running);
    } finally {
      this.term = undefined;
      await session.release();
    }
  }

  private async park(event: StoredEvent, reason: string): Promise<void> {
    if (await parkUnpublishable(this.store, event, reason)) {
      this.unpublishable.add(1, { namespace: this.name });
      this.logger.error(`event ${event.id} cannot be published (${reason}); parked as a dead letter`);
    }
  }
}
