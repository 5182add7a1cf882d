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
      orderId: { type: 'string', minLength: 1 },
      customer: {
        type: 'object',
        required: ['userId'],
        properties: { userId: { type: 'string', minLength: 1 } },
      },
      lines: {
        type: 'array',
        items: {
          type: 'object',
          required: ['productId', 'quantity'],
          properties: {
            productId: { type: 'string', minLength: 1 },
            // v1 allowed any number; every v1 order must still upcast to a valid v2 one.
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
