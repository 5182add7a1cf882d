import type { EventTypeDefinition } from '../../versioning';
import { ORDER_CREATED_V1 } from './order-created.v1';
import { ORDER_CREATED_V2 } from './order-created.v2';

export const ORDER_CREATED = 'order.created';

/** An order was placed. Handled by the projection, the inventory and the notifier. */
export const orderCreated: EventTypeDefinition = {
  type: ORDER_CREATED,
  description: 'An order was placed.',
  versions: [ORDER_CREATED_V1, ORDER_CREATED_V2],
};
