import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StoredEvent } from '../event-store';
import { toEnvelope, toPublishOptions } from './envelope';
import { TOPOLOGY } from './messaging.di-tokens';
import { RelayChannel, type Settle } from './relay/relay-channel';
import { wireProblem } from './relay/wire-checks';
import type { Topology } from './topology';

/** How long a publish may wait for the broker's confirm before the channel counts as failed. */
export const CONFIRM_TIMEOUT_MS = 10_000;

/** A channel that failed to open is tried again after this long. */
const OPEN_RETRY_MS = 500;

/** What became of a send: on the wire, refused before sending, or not tried (no channel can take it now). */
export type SendOutcome = { readonly sent: true } | { readonly sent: false; readonly unpublishable?: string };

/**
 * Publishes stored events to `{ns}.events` with `mandatory`, on an amqplib confirm channel of its
 * own opened on the connection golevelup manages (a new one after every reconnect). No wrapper
 * re-sends behind the relay's back: each send is settled exactly once, by the broker's confirm, a
 * nack, a return, a timeout or the channel's end, and the relay decides what to send again.
 */
@Injectable()
export class EventPublisher {
  private readonly logger = new Logger(EventPublisher.name);
  private channel: RelayChannel | undefined;
  private opening: Promise<void> | undefined;
  /** After a failed open, no new try before this time (epoch ms), so that failures do not spin. */
  private nextOpenAt = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly amqp: AmqpConnection,
    @Inject(TOPOLOGY) private readonly topology: Topology,
  ) {}

  /** Whether the broker connection is up. */
  get connected(): boolean {
    return this.amqp.connected;
  }

  /** Publishes sent on the current channel and not yet settled. */
  get inFlight(): number {
    return this.channel?.inFlight ?? 0;
  }

  /** Calls `listener` whenever a channel opens, drains or ends. @returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sends one event; `settle` hears the broker's answer later, exactly once, if it was sent.
   * @throws PublishThrewError when amqplib threw; the channel is then retired.
   */
  send(event: StoredEvent, settle: Settle): SendOutcome {
    const channel = this.writableChannel();
    if (channel === undefined) return { sent: false };
    const options = toPublishOptions(event);
    const body = Buffer.from(JSON.stringify(toEnvelope(event)));
    const problem = wireProblem(event.type, body, options);
    if (problem !== undefined) return { sent: false, unpublishable: problem };
    channel.publish(this.topology.eventsExchange, event.type, body, options, settle);
    return { sent: true };
  }

  /** Fails everything unsettled at once and drops the channel; the next send opens a new one. */
  abandon(): void {
    const channel = this.channel;
    this.channel = undefined;
    channel?.close();
  }

  /** Closes the channel; call once nothing publishes any more. */
  close(): Promise<void> {
    this.abandon();
    return Promise.resolve();
  }

  private writableChannel(): RelayChannel | undefined {
    const channel = this.channel;
    if (channel !== undefined && !channel.closed) return channel.writable ? channel : undefined;
    this.channel = undefined;
    void this.openChannel();
    return undefined;
  }

  private openChannel(): Promise<void> {
    const connection = this.amqp.connected ? this.amqp.managedConnection.connection : undefined;
    if (this.opening !== undefined || connection === undefined || Date.now() < this.nextOpenAt) {
      return Promise.resolve();
    }
    this.opening = RelayChannel.open(connection, CONFIRM_TIMEOUT_MS, () => this.changed())
      .then((channel) => {
        this.channel = channel;
      })
      .catch((error: Error) => {
        this.nextOpenAt = Date.now() + OPEN_RETRY_MS;
        this.logger.warn(`cannot open the relay channel: ${error.message}`);
      })
      .finally(() => {
        this.opening = undefined;
        this.changed();
      });
    return this.opening;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
