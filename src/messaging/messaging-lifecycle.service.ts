import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { EventPublisher } from './event-publisher';
import { OutboxRelay } from './outbox-relay.service';

/** How long closing the broker connection may take before Herald stops waiting for it. */
export const AMQP_CLOSE_TIMEOUT_MS = 3_000;

/**
 * Shuts messaging down in order: the relay finishes its round, its channel closes, then the
 * connection (consumers cancelled, in-flight handlers drained). The connection close is bounded:
 * amqplib never settles a channel close that races a dropped connection, which would otherwise
 * hang shutdown for ever; once given up here, the library's own close finds nothing left to do.
 */
@Injectable()
export class MessagingLifecycle implements BeforeApplicationShutdown {
  private readonly logger = new Logger(MessagingLifecycle.name);

  constructor(
    private readonly relay: OutboxRelay,
    private readonly publisher: EventPublisher,
    private readonly amqp: AmqpConnection,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.bounded('the relay channel', this.publisher.close());
    await this.bounded('the RabbitMQ connection', this.amqp.close());
  }

  /** Waits for `closing` at most {@link AMQP_CLOSE_TIMEOUT_MS}; a failure to close is only logged. */
  private async bounded(what: string, closing: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), AMQP_CLOSE_TIMEOUT_MS);
    });
    const closed = closing.then(
      () => 'closed' as const,
      (error: Error) => {
        this.logger.warn(`closing ${what} failed: ${error.message}`);
        return 'closed' as const;
      },
    );
    const outcome = await Promise.race([closed, gaveUp]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn(`${what} did not close within ${AMQP_CLOSE_TIMEOUT_MS} ms`);
  }
}
