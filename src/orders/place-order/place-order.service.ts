import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { NO_STREAM } from '../../event-store';
import { PublishService } from '../../messaging';
import { ORDER_CREATED, type OrderCreatedV2 } from '../events';
import { DEFAULT_CURRENCY } from '../events/order-created.v2';

/** The stream of an order. */
export const orderStream = (orderId: string) => `order-${orderId}`;

/** Places an order: a new stream whose first event is `order.created` at the latest version. */
@Injectable()
export class PlaceOrderService {
  constructor(private readonly publisher: PublishService) {}

  async place(userId: string, items: ReadonlyArray<{ productId: string; quantity: number }>) {
    const orderId = uuidv7();
    const data: OrderCreatedV2 = {
      orderId,
      customer: { userId },
      lines: items.map(({ productId, quantity }) => ({ productId, quantity })),
      currency: DEFAULT_CURRENCY,
    };
    const { events } = await this.publisher.publish([
      { type: ORDER_CREATED, subject: orderStream(orderId), data, expectedVersion: NO_STREAM },
    ]);
    return { orderId, correlationId: events[0].correlationId ?? orderId };
  }
}
