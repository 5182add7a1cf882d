import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '../messaging';
import { VersioningModule } from '../versioning';
import { ORDER_EVENT_TYPES } from './events';
import { LegacyOrderIngressController } from './legacy-ingress/legacy-order-ingress.controller';
import { LegacyOrderIngress } from './legacy-ingress/legacy-order-ingress.service';
import { OrdersController } from './place-order/orders.controller';
import { PlaceOrderService } from './place-order/place-order.service';

/** Options of {@link OrdersModule}. */
export interface OrdersModuleOptions {
  /** Serve the HTTP routes (the `api` role). @default true */
  readonly http?: boolean;
}

/**
 * The example domain: its event types (always), `POST /orders` (in API processes) and the legacy
 * `order_events` ingress (its consumer is attached to worker processes by `connectLegacyIngress`).
 */
@Module({})
export class OrdersModule {
  static register({ http = true }: OrdersModuleOptions = {}): DynamicModule {
    return {
      module: OrdersModule,
      imports: [VersioningModule.forFeature(ORDER_EVENT_TYPES), MessagingModule],
      controllers: [...(http ? [OrdersController] : []), LegacyOrderIngressController],
      providers: [PlaceOrderService, LegacyOrderIngress],
    };
  }
}
