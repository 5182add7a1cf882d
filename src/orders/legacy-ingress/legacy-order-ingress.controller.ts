import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import type { Channel, Message } from 'amqplib';
import { v7 as uuidv7 } from 'uuid';
import { NO_STREAM, StoreUnavailableError, VersionConflictError } from '../../event-store';
import { assertJsonBounds, assertWithinLimit, stringProblem } from '../../limits';
import { PublishService } from '../../messaging';
import { SchemaValidationError, describeIssues } from '../../versioning';
import { ORDER_CREATED } from '../events';
import { orderStream } from '../place-order/place-order.service';
import { LegacyOrderIngress } from './legacy-order-ingress.service';
import { LEGACY_ORDER_PATTERN } from './legacy-order.deserializer';
import { RequeueBackoff } from './requeue-backoff';

/**
 * Consumes the legacy `order_events` queue through Nest's RMQ transport: each bare order body is
 * validated as `order.created` v1 and appended (so the relay publishes it in the envelope), and
 * only then acknowledged. A body that can never become an event is dead-lettered with its reason,
 * never requeued for ever.
 */
@Controller()
export class LegacyOrderIngressController {
  private readonly logger = new Logger(LegacyOrderIngressController.name);
  private readonly backoff = new RequeueBackoff();

  constructor(
    private readonly publisher: PublishService,
    private readonly ingress: LegacyOrderIngress,
  ) {}

  @EventPattern(LEGACY_ORDER_PATTERN)
  async handle(@Payload() body: unknown, @Ctx() context: RmqContext): Promise<void> {
    const channel = context.getChannelRef() as Channel;
    const message = context.getMessage() as Message;
    try {
      await this.ingest(body, message);
      this.backoff.reset();
      channel.ack(message);
    } catch (error) {
      if (error instanceof StoreUnavailableError) {
        // Nothing was stored: the broker keeps the order until the store is back.
        await this.requeueLater(channel, message, `store unavailable: ${error.message}`);
        return;
      }
      await this.deadLetter(channel, message, body, reasonOf(error));
    }
  }

  /** Archives poison and acknowledges it; a message the archive cannot take is handed back later. */
  private async deadLetter(channel: Channel, message: Message, body: unknown, reason: string): Promise<void> {
    try {
      await this.ingress.deadLetter(message, body, reason);
    } catch (error) {
      // Never left unacknowledged: it would hold a prefetch slot until the channel closes.
      await this.requeueLater(channel, message, `dead letter not archived: ${(error as Error).message}`);
      return;
    }
    channel.ack(message);
  }

  /** Hands a message back after a growing pause, so that an outage is not a redelivery loop. */
  private async requeueLater(channel: Channel, message: Message, why: string): Promise<void> {
    const delay = this.backoff.next();
    this.logger.warn(`legacy order not ingested (requeued in ${delay} ms): ${why}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    requeue(channel, message);
  }

  private async ingest(body: unknown, message: Message): Promise<void> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new SchemaValidationError('legacy order', [{ path: '/', message: 'must be a JSON object' }]);
    }
    // The limits every producer meets: a body or property beyond them is poison, never stored.
    assertJsonBounds(body);
    const orderId = (body as { orderId?: unknown }).orderId;
    const subject = typeof orderId === 'string' ? orderStream(orderId) : uuidv7();
    assertWithinLimit('subject', subject, 'subject (order-<orderId>)');
    const correlationId = correlationIdOf(message);
    try {
      await this.publisher.publish([
        {
          type: ORDER_CREATED,
          dataversion: 1,
          subject,
          data: body,
          expectedVersion: NO_STREAM,
          source: '/legacy/order_events',
          correlationId,
        },
      ]);
    } catch (error) {
      // The order's stream exists: this delivery repeats one already ingested (a redelivery).
      if (error instanceof VersionConflictError) return;
      throw error;
    }
  }
}

/** The AMQP `correlationId` property, checked as every producer's correlation id is. */
function correlationIdOf(message: Message): string | undefined {
  const value: unknown = message.properties.correlationId;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new SchemaValidationError('legacy message', [
      { path: '/properties/correlationId', message: 'must be a string' },
    ]);
  }
  assertWithinLimit('correlationid', value, 'the correlationId property');
  // AMQP short strings may carry U+0000, which PostgreSQL cannot store.
  const problem = stringProblem(value);
  if (problem !== undefined) {
    throw new SchemaValidationError('legacy message', [
      { path: '/properties/correlationId', message: problem },
    ]);
  }
  return value;
}

/** Hands a message back to the queue; after the channel closed, the broker has done so already. */
function requeue(channel: Channel, message: Message): void {
  try {
    channel.nack(message, false, true);
  } catch {
    // The channel is gone: its unacknowledged messages are back on the queue.
  }
}

const reasonOf = (error: unknown): string =>
  error instanceof SchemaValidationError ? describeIssues(error.issues).join('; ') : (error as Error).message;
