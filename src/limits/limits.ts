/**
 * The limits of the envelope's identifying attributes, in UTF-8 bytes. Every producer (HTTP JSON,
 * CloudEvents input, the legacy ingress, handlers) is checked against these at the door, and the
 * envelope schema and the router's parameter length follow them, so that whatever is accepted can
 * be stored, published as AMQP properties (short strings of at most 255 bytes) and read back by
 * its URL.
 */
export const LIMITS = {
  /** `id` (AMQP `messageId`): any non-empty string. */
  id: 255,
  /** `subject`, the stream; it is also a URL parameter of `GET /streams/:subject`. */
  subject: 255,
  /** `type` (AMQP `type` and the routing key). */
  type: 255,
  /** `source`, a URI reference. */
  source: 1024,
  /** `correlationid` (AMQP `correlationId`). */
  correlationid: 255,
  /** `causationid`: the id of an event or request. */
  causationid: 255,
} as const;

/** An attribute that {@link LIMITS} bounds. */
export type LimitedAttribute = keyof typeof LIMITS;

/**
 * How deep a request's JSON may nest. Deeper documents are refused before any validation walks
 * them recursively.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Percent-encoding turns one byte into at most three characters: the router must accept a path
 * parameter that long, or a stored id or subject could not be read back by its URL.
 */
export const MAX_PARAM_LENGTH = 3 * Math.max(LIMITS.id, LIMITS.subject);

/** The length of a string in UTF-8 bytes. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
