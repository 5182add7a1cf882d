/**
 * `order.created` version 1 — FROZEN. Exactly the schema of the seed producer; v1 producers
 * (including the legacy `order_events` queue) keep sending it. Never edit: add a version instead.
 */
import type { EventVersion } from '../../versioning';
import { upcastOrderCreatedV1ToV2 } from './order-created.upcasters';

export interface OrderCreatedV1 {
  orderId: string;
  userId: string;
  items: Array<{ productId: string; quantity: number }>;
}

export const ORDER_CREATED_V1: EventVersion = {
  version: 1,
  schema: {
    type: 'object',
    required: ['orderId', 'userId', 'items'],
    properties: {
      orderId: { type: 'string' },
      userId: { type: 'string' },
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['productId', 'quantity'],
          properties: {
            productId: { type: 'string' },
            quantity: { type: 'number' },
          },
        },
      },
    },
  },
  example: { orderId: 'order-42', userId: 'user-7', items: [{ productId: 'p-1', quantity: 2 }] },
  upcast: (data) => upcastOrderCreatedV1ToV2(data as OrderCreatedV1),
};
