import type { OrderCreatedV1 } from './order-created.v1';
import { DEFAULT_CURRENCY, type OrderCreatedV2 } from './order-created.v2';

/**
 * v1 → v2: `userId` moves into `customer` (changed structure), `items` is renamed `lines`
 * (renamed field), and `currency` is added with the default of the orders taken before it existed.
 */
export function upcastOrderCreatedV1ToV2(v1: OrderCreatedV1): OrderCreatedV2 {
  return {
    orderId: v1.orderId,
    customer: { userId: v1.userId },
    lines: v1.items.map(({ productId, quantity }) => ({ productId, quantity })),
    currency: DEFAULT_CURRENCY,
  };
}
