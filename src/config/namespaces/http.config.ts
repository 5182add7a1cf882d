import { registerAs } from '@nestjs/config';
import { loadEnvironment } from '../environment';

/** HTTP server settings. */
export const httpConfig = registerAs('http', () => {
  const env = loadEnvironment();
  return {
    port: env.PORT,
    host: env.HOST,
    maxBodyBytes: env.MAX_BODY_BYTES,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    maxPageBytes: env.MAX_PAGE_BYTES,
  };
});
