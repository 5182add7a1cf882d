import type { EventTypeDefinition } from '../../versioning';

export const INVENTORY_RESERVED = 'inventory.reserved';
export const INVENTORY_REJECTED = 'inventory.rejected';

const lines = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['productId', 'quantity'],
    properties: { productId: { type: 'string', minLength: 1 }, quantity: { type: 'number' } },
  },
};

/** Stock was reserved for every line of an order; the order is confirmed. */
export const inventoryReserved: EventTypeDefinition = {
  type: INVENTORY_RESERVED,
  description: 'Stock was reserved for every line of an order.',
  versions: [
    {
      version: 1,
      schema: {
        type: 'object',
        required: ['orderId', 'lines'],
        properties: { orderId: { type: 'string' }, lines },
      },
      example: { orderId: 'order-42', lines: [{ productId: 'p-1', quantity: 2 }] },
    },
  ],
};

/** Not enough stock for a line of an order; the order is rejected. */
export const inventoryRejected: EventTypeDefinition = {
  type: INVENTORY_REJECTED,
  description: 'Not enough stock for a line of an order.',
  versions: [
    {
      version: 1,
      schema: {
        type: 'object',
        required: ['orderId', 'productId', 'requested', 'available'],
        properties: {
          orderId: { type: 'string' },
          productId: { type: 'string' },
          requested: { type: 'number' },
          available: { type: 'number' },
        },
      },
      example: { orderId: 'order-42', productId: 'p-1', requested: 5, available: 3 },
    },
  ],
};
