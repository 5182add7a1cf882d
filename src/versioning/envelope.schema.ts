import { LIMITS } from '../limits';
import type { JsonSchema } from './event-type';

const TRACEPARENT = '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$';
const TYPE = '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$';

/**
 * A non-empty string of at most `max` characters. The limit is in UTF-8 bytes, which JSON Schema
 * cannot state: {@link EnvelopeValidator} checks the bytes, and this keeps the schema portable.
 */
const bounded = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });

/** Attributes shared by the wire envelope and the CloudEvent accepted as input. */
const attributes = {
  specversion: { const: '1.0' },
  id: bounded(LIMITS.id),
  source: { ...bounded(LIMITS.source), format: 'uri-reference' },
  type: { ...bounded(LIMITS.type), pattern: TYPE },
  dataversion: { type: 'integer', minimum: 1 },
  subject: bounded(LIMITS.subject),
  time: { type: 'string', format: 'date-time' },
  datacontenttype: { const: 'application/json' },
  correlationid: bounded(LIMITS.correlationid),
  causationid: bounded(LIMITS.causationid),
  traceparent: { type: 'string', pattern: TRACEPARENT },
  tracestate: { type: 'string', maxLength: 512 },
  data: {},
} as const;

/**
 * The envelope of API.md §1 as Herald publishes and serves it: CloudEvents 1.0 structured mode
 * with Herald's extensions. Every attribute Herald always sets is required; the id is a UUID.
 */
export const ENVELOPE_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://herald.dev/schemas/envelope.json',
  title: 'Herald event envelope (CloudEvents 1.0, structured mode)',
  type: 'object',
  required: [
    'specversion',
    'id',
    'source',
    'type',
    'dataversion',
    'subject',
    'time',
    'datacontenttype',
    'data',
  ],
  properties: { ...attributes, id: { type: 'string', minLength: 1, maxLength: 255 } },
  additionalProperties: false,
};

/**
 * A CloudEvent posted with `Content-Type: application/cloudevents+json`. The four attributes the
 * CloudEvents specification requires must be present (missing ones are rejected, not filled in);
 * `dataversion` defaults to the latest, `time` to now, `subject` to a stream of the event's own.
 * `expectedversion` is Herald's extension for optimistic concurrency.
 */
export const CLOUDEVENT_INPUT_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://herald.dev/schemas/cloudevent-input.json',
  title: 'CloudEvent accepted by POST /events',
  type: 'object',
  required: ['specversion', 'id', 'source', 'type', 'data'],
  properties: { ...attributes, expectedversion: { type: 'integer', minimum: 0 } },
  additionalProperties: false,
};
