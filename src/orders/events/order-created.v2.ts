/**
 * `order.created` version 2 (latest): the customer is an object, `items` became `lines`, and the
 * order carries its currency.
 */
import type { EventVersion } from '../../versioning';

export interface OrderCreatedV2 {
  orderId: string;
  customer: { userId: string };
  lines: Array<{ productId: string; quantity: number }>;
  /** ISO 4217 code. */
  currency: string;
}

/** The currency of orders that predate version 2. */
export const DEFAULT_CURRENCY = 'EUR';

export const ORDER_CREATED_V2: EventVersion = {
  version: 2,
  schema: {
    type: 'object',
    required: ['orderId', 'customer', 'lines', 'currency'],
    properties: {
      // No minLength: v1 allowed empty strings, and every v1 order must upcast to a valid v2 one.
      // Non-empty ids are a rule of the commands that place orders (PlaceOrderDto), not of the event.
      orderId: { type: 'string' },
      customer: {
        type: 'object',
        required: ['userId'],
        properties: { userId: { type: 'string' } },
      },
      lines: {
        type: 'array',
        items: {
          type: 'object',
          required: ['productId', 'quantity'],
          properties: {
            productId: { type: 'string' },
            // v1 allowed any number, too.
            quantity: { type: 'number' },
          },
        },
      },
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    },
  },
  example: {
    orderId: 'order-42',
    customer: { userId: 'user-7' },
    lines: [{ productId: 'p-1', quantity: 2 }],
    currency: 'EUR',
  },
};
