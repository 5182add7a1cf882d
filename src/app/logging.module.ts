import { Module, RequestMethod } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { telemetryConfig } from '../config';
import { ensureCorrelationId } from '../correlation';

/** Adds the active trace id to every log line, so a line leads to its trace. */
function traceMixin(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? { traceId: context.traceId } : {};
}

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
        pinoHttp: {
          level: telemetry.logLevel,
          mixin: traceMixin,
          genReqId: (req: IncomingMessage) => ensureCorrelationId(req.headers),
          customProps: (req: IncomingMessage) => ({ correlationId: ensureCorrelationId(req.headers) }),
          redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
        },
      }),
    }),
  ],
})
export class LoggingModule {}
