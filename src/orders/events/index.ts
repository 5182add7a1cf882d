import { inventoryRejected, inventoryReserved } from './inventory.events';
import { orderCreated } from './order-created.event';

export * from './inventory.events';
export * from './order-created.event';
export type { OrderCreatedV1 } from './order-created.v1';
export type { OrderCreatedV2 } from './order-created.v2';

/** Every event type of the orders domain. */
export const ORDER_EVENT_TYPES = [orderCreated, inventoryReserved, inventoryRejected];
