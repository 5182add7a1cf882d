import type { ConsumerDeserializer, IncomingEvent } from '@nestjs/microservices';

/** The pattern every message of the legacy queue is handled under. */
export const LEGACY_ORDER_PATTERN = 'herald.legacy.order-events';

/**
 * The seed producer sends a bare JSON order, not Nest's `{ pattern, data }` packet: every message
 * of the queue is the same kind of event, whatever its body (even one that is not JSON, which
 * arrives as a string and is dead-lettered by the handler).
 */
export class LegacyOrderDeserializer implements ConsumerDeserializer {
  deserialize(value: unknown): IncomingEvent {
    return { pattern: LEGACY_ORDER_PATTERN, data: value };
  }
}
