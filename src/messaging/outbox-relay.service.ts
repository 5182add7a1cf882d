import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { heraldConfig, storeConfig } from '../config';
import { InjectEventStore, type EventStore, type StoredEvent } from '../event-store';
import { EventPublisher } from './event-publisher';
import { RelayWakeup } from './relay-wakeup';

/**
 * Moves events from the store's outbox to RabbitMQ, in commit order, advancing the checkpoint
 * only past events the broker confirmed. A crash repeats a publish, never loses one. Runs in
 * worker processes; among processes sharing a store, one leads at a time.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly wakeup = new RelayWakeup();
  private running = false;
  private loop: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly publisher: EventPublisher,
    @Inject(heraldConfig.KEY) private readonly herald: ConfigType<typeof heraldConfig>,
    @Inject(storeConfig.KEY) private readonly config: ConfigType<typeof storeConfig>,
  ) {}

  /** The relay's name in the store: one checkpoint and one leader per namespace. */
  get name(): string {
    return this.herald.namespace;
  }

  onApplicationBootstrap(): void {
    if (!this.herald.roles.has('worker')) return;
    this.running = true;
    this.unsubscribe = this.store.onAppended(() => this.wakeup.wake());
    this.loop = this.run();
  }

  /** Stops after the round in progress (its confirms settle first) and gives up leadership. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wakeup.wake();
    await this.loop;
    await this.store.releaseRelayLeadership(this.name).catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (this.running) {
      let drained = true;
      try {
        drained = await this.relayBatch();
      } catch (error) {
        this.logger.warn(`outbox relay round failed: ${(error as Error).message}`);
      }
      // A full batch means more is waiting: go again at once; otherwise wait for an append or the poll.
      if (drained && this.running) await this.wakeup.wait(this.config.relayPollMs);
    }
  }

  /** Publishes one batch. @returns true when nothing more is waiting (or nothing can be done now). */
  private async relayBatch(): Promise<boolean> {
    if (!this.publisher.connected) {
      // Let a process that can reach the broker lead meanwhile.
      await this.store.releaseRelayLeadership(this.name);
      return true;
    }
    if (!(await this.store.tryAcquireRelayLeadership(this.name))) return true;
    const after = await this.store.relayCheckpoint(this.name);
    const { events } = await this.store.readAll({ after, limit: this.config.relayBatchSize });
    if (events.length === 0) return true;
    const published = await this.publishInOrder(events);
    if (published > 0) await this.store.saveRelayCheckpoint(this.name, events[published - 1].cursor);
    return published < events.length || events.length < this.config.relayBatchSize;
  }

  /**
   * Publishes a batch with confirms pipelined. @returns the length of the confirmed prefix: the
   * checkpoint may pass only events with no unconfirmed event before them.
   */
  private async publishInOrder(events: readonly StoredEvent[]): Promise<number> {
    const outcomes = await Promise.allSettled(events.map((event) => this.publisher.publish(event)));
    const failed = outcomes.findIndex((outcome) => outcome.status === 'rejected');
    if (failed === -1) return events.length;
    const reason = (outcomes[failed] as PromiseRejectedResult).reason as Error;
    this.logger.warn(`publish of event ${events[failed].id} failed: ${reason.message}; will retry`);
    return failed;
  }
}
