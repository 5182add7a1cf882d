import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { httpConfig } from '../config';

/**
 * Bounds a signal-driven shutdown: if closing HTTP, AMQP and the store takes longer than
 * `SHUTDOWN_TIMEOUT_MS`, the process exits anyway rather than hanging under its orchestrator.
 */
@Injectable()
export class ShutdownWatchdog implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownWatchdog.name);

  constructor(@Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>) {}

  beforeApplicationShutdown(signal?: string): void {
    // app.close() without a signal (tests, embedding) is the caller's to bound.
    if (signal === undefined) return;
    this.logger.log(`${signal} received: shutting down within ${this.http.shutdownTimeoutMs} ms`);
    setTimeout(() => {
      this.logger.error(`shutdown did not finish within ${this.http.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, this.http.shutdownTimeoutMs).unref();
  }
}
