import { EventCatalog } from '../../versioning';
import { orderCreated } from './order-created.event';
import { upcastOrderCreatedV1ToV2 } from './order-created.upcasters';
import type { OrderCreatedV1 } from './order-created.v1';

const v1: OrderCreatedV1 = {
  orderId: 'o-1',
  userId: 'u-1',
  items: [
    { productId: 'p-1', quantity: 2 },
    { productId: 'p-2', quantity: 1 },
  ],
};

describe('order.created v1 → v2', () => {
  it('adds currency with the default of pre-v2 orders (added field)', () => {
    expect(upcastOrderCreatedV1ToV2(v1).currency).toBe('EUR');
  });

  it('renames items to lines, keeping every line in order (renamed field)', () => {
    const v2 = upcastOrderCreatedV1ToV2(v1);
    expect(v2.lines).toEqual(v1.items);
    expect(v2).not.toHaveProperty('items');
  });

  it('moves userId into customer (changed structure)', () => {
    const v2 = upcastOrderCreatedV1ToV2(v1);
    expect(v2.customer).toEqual({ userId: 'u-1' });
    expect(v2).not.toHaveProperty('userId');
  });

  it('is pure: the input is untouched and the result is the same each time', () => {
    const before = JSON.stringify(v1);
    expect(upcastOrderCreatedV1ToV2(v1)).toEqual(upcastOrderCreatedV1ToV2(v1));
    expect(JSON.stringify(v1)).toBe(before);
  });

  it('yields valid v2 data for any valid v1, including the edge quantities v1 allowed', () => {
    const catalog = new EventCatalog();
    catalog.register(orderCreated);
    const odd: OrderCreatedV1 = { orderId: 'o', userId: 'u', items: [{ productId: 'p', quantity: 0.5 }] };
    for (const data of [v1, odd, { ...v1, items: [] }]) {
      catalog.validate('order.created', 1, data);
      expect(catalog.upcast('order.created', 1, data).dataversion).toBe(2);
    }
  });
});
