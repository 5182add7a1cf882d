import type { Options } from 'amqplib';

/** AMQP 0-9-1 short strings (message id, correlation id, type, routing key) hold 255 bytes. */
export const SHORTSTR_MAX_BYTES = 255;

/** RabbitMQ's default `max_message_size`: a larger body closes the channel. */
export const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

/** Whether a string fits an AMQP short string; the byte count is taken only when it can matter. */
function fitsShortstr(value: string): boolean {
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
  return value.length * 3 <= SHORTSTR_MAX_BYTES || Buffer.byteLength(value) <= SHORTSTR_MAX_BYTES;
}

function shortstrProblem(name: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || (required && value.length === 0)) return `${name} is missing`;
  return fitsShortstr(value) ? undefined : `${name} is over ${SHORTSTR_MAX_BYTES} UTF-8 bytes`;
}

/** Header values Herald sets are strings and integers; anything else is refused before publish. */
function headerProblem(headers: Options.Publish['headers']): string | undefined {
  for (const [key, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (!fitsShortstr(key)) return `header ${key.slice(0, 32)}… has a name over ${SHORTSTR_MAX_BYTES} bytes`;
    if (typeof value === 'string' || Number.isSafeInteger(value)) continue;
    return `header ${key} cannot be encoded`;
  }
  return undefined;
}

/**
 * Why a message cannot be carried by AMQP as built, or undefined when it can. Checks exactly what
 * makes amqplib throw in the middle of `publish` or the broker close the channel, so that the
 * relay parks such an event instead of meeting the failure on the wire.
 */
export function wireProblem(routingKey: string, body: Buffer, options: Options.Publish): string | undefined {
  return (
    shortstrProblem('routing key (type)', routingKey, true) ??
    shortstrProblem('messageId (id)', options.messageId, true) ??
    shortstrProblem('type', options.type, false) ??
    shortstrProblem('correlationId (correlationid)', options.correlationId, false) ??
    (options.timestamp !== undefined && !(Number.isSafeInteger(options.timestamp) && options.timestamp >= 0)
      ? 'timestamp cannot be encoded'
      : undefined) ??
    headerProblem(options.headers) ??
    (body.length > MAX_MESSAGE_BYTES ? `body of ${body.length} bytes is over the broker's limit` : undefined)
  );
}
