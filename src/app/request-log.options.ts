import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stdSerializers, type Level } from 'pino';
import type { Options } from 'pino-http';
import { ensureCorrelationId } from '../correlation';

/** Adds the active trace id to every log line, so a line leads to its trace. */
function traceMixin(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? { traceId: context.traceId } : {};
}

/**
 * A request as its log line shows it. Headers are left out: serialising every header of every
 * request cost more than the rest of the line, and they are only worth it when a request failed.
 */
const requestSummary = (req: IncomingMessage) => ({ method: req.method, url: req.url });
const responseSummary = (res: ServerResponse) => ({ statusCode: res.statusCode });

/** 5xx and thrown errors are server faults; a 4xx is an ordinary answer to a client's mistake. */
function levelOf(_req: IncomingMessage, res: ServerResponse, error?: Error): Level {
  return error !== undefined || res.statusCode >= 500 ? 'error' : 'info';
}

/**
 * pino-http options: one line per request with its correlation id, method, path, status and
 * duration; a failed request's line also carries its headers (credentials redacted). Every line
 * logged while a request runs carries its correlation id.
 */
export function requestLogOptions(level: Level | 'silent'): Options {
  return {
    level,
    mixin: traceMixin,
    // The request id is the correlation id; the quiet loggers bind only it, under that name.
    genReqId: (req: IncomingMessage) => ensureCorrelationId(req.headers),
    customAttributeKeys: { reqId: 'correlationId' },
    quietReqLogger: true,
    quietResLogger: true,
    wrapSerializers: false,
    serializers: { req: requestSummary, res: responseSummary, err: stdSerializers.err },
    customLogLevel: levelOf,
    customSuccessObject: (req: IncomingMessage, _res: ServerResponse, fields: object) => ({
      req: requestSummary(req),
      ...fields,
    }),
    customErrorObject: (req: IncomingMessage, _res: ServerResponse, _error: Error, fields: object) => ({
      req: requestSummary(req),
      headers: req.headers,
      ...fields,
    }),
    redact: ['headers.authorization', 'headers.cookie', 'headers["x-api-key"]'],
  };
}
