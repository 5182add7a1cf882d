import { registerAs } from '@nestjs/config';
import { loadEnvironment } from '../environment';

/** RabbitMQ connection, queue and retry settings. */
export const amqpConfig = registerAs('amqp', () => {
  const env = loadEnvironment();
  return {
    url: env.AMQP_URL,
    queueType: env.QUEUE_TYPE,
    retryMaxAttempts: env.RETRY_MAX_ATTEMPTS,
    retryBaseMs: env.RETRY_BASE_MS,
  };
});
