import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Message } from 'amqplib';
import { v7 as uuidv7 } from 'uuid';
import { ordersConfig } from '../../config';
import { InjectEventStore, type EventStore } from '../../event-store';
import { LIMITS, stringProblem, utf8Bytes } from '../../limits';

/** The handler name legacy dead letters are filed under. */
export const LEGACY_INGRESS_HANDLER = 'legacy-order-ingress';

/** Dead-letter bookkeeping of the legacy ingress. */
@Injectable()
export class LegacyOrderIngress {
  private readonly logger = new Logger(LegacyOrderIngress.name);

  constructor(
    @InjectEventStore() private readonly store: EventStore,
    @Inject(ordersConfig.KEY) private readonly config: ConfigType<typeof ordersConfig>,
  ) {}

  /** The queue consumed, or undefined when the ingress is off. */
  get queue(): string | undefined {
    return this.config.legacyQueue;
  }

  /** Archives a legacy message that can never become an event, with the reason. */
  async deadLetter(message: Message, body: unknown, reason: string): Promise<void> {
    const now = new Date().toISOString();
    const id = uuidv7();
    this.logger.warn(`legacy order dead-lettered as ${id}: ${reason}`);
    await this.store.archiveDeadLetter({
      id,
      eventId: messageIdOf(message) ?? id,
      type: 'order.created',
      handler: LEGACY_INGRESS_HANDLER,
      reason: reason.slice(0, 1024),
      errorKind: 'poison',
      attempts: 1,
      firstFailedAt: now,
      lastFailedAt: now,
      event: body,
    });
  }
}

/** The message's own id, when the archive can hold it as an event id; otherwise none. */
function messageIdOf(message: Message): string | undefined {
  const value: unknown = message.properties.messageId;
  if (typeof value !== 'string' || value === '') return undefined;
  if (utf8Bytes(value) > LIMITS.id || stringProblem(value) !== undefined) return undefined;
  return value;
}
