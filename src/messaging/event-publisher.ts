import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, Message } from 'amqplib';
import type { StoredEvent } from '../event-store';
import { EnvelopeValidator } from '../versioning';
import { toEnvelope, toPublishOptions } from './envelope';
import { TOPOLOGY } from './messaging.di-tokens';
import type { Topology } from './topology';
import { UnroutableEventError } from './unroutable-event.error';

/** How long a publish may wait for the broker's confirm before it counts as failed. */
export const CONFIRM_TIMEOUT_MS = 10_000;

/**
 * Publishes stored events to `{ns}.events` on a confirm channel of its own, with `mandatory`:
 * a publish resolves only when the broker has taken responsibility for the message, and rejects
 * when the broker nacks it, returns it as unroutable, or does not answer in time.
 */
@Injectable()
export class EventPublisher {
  private readonly logger = new Logger(EventPublisher.name);
  private channel: ChannelWrapper | undefined;
  /** Ids of messages the broker returned; a return always precedes the confirm of its message. */
  private readonly returned = new Set<string>();

  constructor(
    private readonly amqp: AmqpConnection,
    @Inject(TOPOLOGY) private readonly topology: Topology,
    private readonly envelopes: EnvelopeValidator,
  ) {}

  /** Whether a publish can be attempted now. */
  get connected(): boolean {
    return this.amqp.connected;
  }

  /** Publishes one event and resolves once the broker confirms it. */
  async publish(event: StoredEvent): Promise<void> {
    const options = toPublishOptions(event);
    const envelope = toEnvelope(event);
    // Validated on the way in; checked again on the way out so nothing malformed ever leaves.
    this.envelopes.assertEnvelope(envelope);
    const body = Buffer.from(JSON.stringify(envelope));
    await this.confirmChannel().publish(this.topology.eventsExchange, event.type, body, {
      ...options,
      timeout: CONFIRM_TIMEOUT_MS,
    });
    if (this.returned.delete(event.id)) throw new UnroutableEventError(event.id, event.type);
  }

  private confirmChannel(): ChannelWrapper {
    if (this.channel) return this.channel;
    this.channel = this.amqp.managedConnection.createChannel({
      name: 'herald-outbox-relay',
      confirm: true,
      json: false,
      setup: (channel: ConfirmChannel) => {
        channel.on('return', (message: Message) => {
          const id = message.properties.messageId as string | undefined;
          if (id !== undefined) this.returned.add(id);
        });
      },
    });
    // A setup that fails because the connection dropped is retried on reconnect; without a
    // listener the wrapper's 'error' event would crash the process instead.
    this.channel.on('error', (error: Error) => this.logger.warn(`relay channel: ${error.message}`));
    return this.channel;
  }

  /** Closes the confirm channel; call once nothing publishes any more. */
  async close(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    // The connection may already be gone; there is nothing left to flush then.
    await channel?.close().catch(() => undefined);
  }
}
