import { registerAs } from '@nestjs/config';
import { loadEnvironment } from '../environment';
import { parseStockMap } from '../validators';

/** Settings of the example orders domain. */
export const ordersConfig = registerAs('orders', () => {
  const env = loadEnvironment();
  return {
    webhookUrl: env.ORDER_WEBHOOK_URL,
    amqpUrl: env.AMQP_URL,
    /** The legacy ingress queue, or undefined when switched off. */
    legacyQueue: env.LEGACY_QUEUE === 'off' ? undefined : env.LEGACY_QUEUE,
    // Validated at load: parseStockMap cannot fail here.
    inventorySeed: parseStockMap(env.INVENTORY_SEED) ?? {},
  };
});
