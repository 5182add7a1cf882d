export { ORDER_EVENT_TYPES } from './events';
export { OrdersModule, type OrdersModuleOptions } from './orders.module';
export { connectLegacyIngress } from './legacy-ingress/connect-legacy-ingress';
