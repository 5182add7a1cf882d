import { Module, RequestMethod } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { telemetryConfig } from '../config';
import { requestLogOptions } from './request-log.options';

/** JSON logs through pino, one line per request with its correlation id. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [telemetryConfig.KEY],
      useFactory: (telemetry: ConfigType<typeof telemetryConfig>) => ({
        // Probes poll health every few seconds; a line each would drown the log.
        exclude: [
          { method: RequestMethod.ALL, path: 'health' },
          { method: RequestMethod.ALL, path: 'health/*path' },
        ],
        pinoHttp: requestLogOptions(telemetry.logLevel),
      }),
    }),
  ],
})
export class LoggingModule {}
