import { registerAs } from '@nestjs/config';
import { loadEnvironment } from '../environment';

/** Token-bucket settings for publishing routes. */
export const rateLimitConfig = registerAs('rateLimit', () => {
  const env = loadEnvironment();
  return { rps: env.RATE_LIMIT_RPS, burst: env.RATE_LIMIT_BURST, redisUrl: env.REDIS_URL };
});
