import type { INestApplication } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { CustomStrategy, RmqOptions } from '@nestjs/microservices';
import { heraldConfig, ordersConfig } from '../../config';
import { LegacyOrderDeserializer } from './legacy-order.deserializer';
import { LegacyRmqServer } from './legacy-rmq.server';

/**
 * Attaches the legacy queue consumer (Nest's RMQ transport) to a worker app. Start it with
 * `app.startAllMicroservices()`; it connects in the background and follows the broker's outages.
 * @returns whether a consumer was attached.
 */
export function connectLegacyIngress(app: INestApplication): boolean {
  const orders = app.get<ConfigType<typeof ordersConfig>>(ordersConfig.KEY);
  const herald = app.get<ConfigType<typeof heraldConfig>>(heraldConfig.KEY);
  if (orders.legacyQueue === undefined || !herald.roles.has('worker')) return false;
  const options: RmqOptions['options'] = {
    urls: [orders.amqpUrl],
    queue: orders.legacyQueue,
    // Exactly what the seed producer asserts, so both sides agree on the queue.
    queueOptions: { durable: true },
    noAck: false,
    prefetchCount: 50,
    deserializer: new LegacyOrderDeserializer(),
    socketOptions: { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 2 },
  };
  app.connectMicroservice<CustomStrategy>(
    { strategy: new LegacyRmqServer(options) },
    { inheritAppConfig: true },
  );
  return true;
}
