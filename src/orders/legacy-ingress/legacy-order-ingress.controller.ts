import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import type { Channel, Message } from 'amqplib';
import { v7 as uuidv7 } from 'uuid';
import { NO_STREAM, StoreUnavailableError, VersionConflictError } from '../../event-store';
import { PublishService } from '../../messaging';
import { SchemaValidationError, describeIssues } from '../../versioning';
import { ORDER_CREATED } from '../events';
import { orderStream } from '../place-order/place-order.service';
import { LegacyOrderIngress } from './legacy-order-ingress.service';
import { LEGACY_ORDER_PATTERN } from './legacy-order.deserializer';

/**
 * Consumes the legacy `order_events` queue through Nest's RMQ transport: each bare order body is
 * validated as `order.created` v1 and appended (so the relay publishes it in the envelope), and
 * only then acknowledged. A body that can never become an event is dead-lettered with its reason,
 * never requeued for ever.
 */
@Controller()
export class LegacyOrderIngressController {
  private readonly logger = new Logger(LegacyOrderIngressController.name);

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
      channel.ack(message);
    } catch (error) {
      if (error instanceof StoreUnavailableError) {
        // Nothing was stored: the broker keeps the order until the store is back.
        this.logger.warn(`legacy order not ingested, store unavailable: ${error.message}`);
        channel.nack(message, false, true);
        return;
      }
      await this.ingress.deadLetter(message, body, reasonOf(error));
      channel.ack(message);
    }
  }

  private async ingest(body: unknown, message: Message): Promise<void> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new SchemaValidationError('legacy order', [{ path: '/', message: 'must be a JSON object' }]);
    }
    const orderId = (body as { orderId?: unknown }).orderId;
    try {
      await this.publisher.publish([
        {
          type: ORDER_CREATED,
          dataversion: 1,
          subject: typeof orderId === 'string' ? orderStream(orderId) : uuidv7(),
          data: body,
          expectedVersion: NO_STREAM,
          source: '/legacy/order_events',
          correlationId: (message.properties.correlationId as string | undefined) ?? undefined,
        },
      ]);
    } catch (error) {
      // The order's stream exists: this delivery repeats one already ingested (a redelivery).
      if (error instanceof VersionConflictError) return;
      throw error;
    }
  }
}

const reasonOf = (error: unknown): string =>
  error instanceof SchemaValidationError ? describeIssues(error.issues).join('; ') : (error as Error).message;
