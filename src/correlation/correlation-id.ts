import type { IncomingHttpHeaders } from 'node:http';
import { v7 as uuidv7 } from 'uuid';

/** The request and response header that carries the business transaction id. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** Visible ASCII only, bounded: an id is echoed into logs and headers, so nothing else is taken. */
const ACCEPTABLE = /^[\x21-\x7e]{1,128}$/;

/** Whether a client-supplied correlation id can be taken as it is. */
export function isAcceptableCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && ACCEPTABLE.test(value);
}

/**
 * The correlation id of a request: the client's `X-Correlation-Id` when acceptable, else a new
 * UUID v7. The result is written back into the headers so that every later reader (logger,
 * context, response hook), whatever order they run in, sees the same id.
 */
export function ensureCorrelationId(headers: IncomingHttpHeaders): string {
  const given = headers[CORRELATION_HEADER];
  if (isAcceptableCorrelationId(given)) return given;
  const id = uuidv7();
  headers[CORRELATION_HEADER] = id;
  return id;
}
