export { ORDER_EVENT_TYPES } from './events';
export { OrdersModule, type OrdersModuleOptions } from './orders.module';
