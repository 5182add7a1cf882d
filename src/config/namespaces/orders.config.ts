import { registerAs } from '@nestjs/config';
import { loadEnvironment } from '../environment';
import { parseStockMap } from '../validators';

/** Settings of the example orders domain. */
export const ordersConfig = registerAs('orders', () => {
  const env = loadEnvironment();
  return {
    webhookUrl: env.ORDER_WEBHOOK_URL,
    // Validated at load: parseStockMap cannot fail here.
    inventorySeed: parseStockMap(env.INVENTORY_SEED) ?? {},
  };
});
