import type { Options } from 'amqplib';
import type { StoredEvent } from '../event-store';

/** The content type of a structured-mode CloudEvent on the wire. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

/** A stored event as a CloudEvents 1.0 structured-mode envelope (API.md §1). */
export interface CloudEventEnvelope {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly dataversion: number;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly correlationid?: string;
  readonly causationid?: string;
  readonly traceparent?: string;
  readonly tracestate?: string;
  readonly data: unknown;
}

/** The envelope of a stored event; absent optional attributes are left out, not nulled. */
export function toEnvelope(event: StoredEvent): CloudEventEnvelope {
  return {
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event.type,
    dataversion: event.dataversion,
    subject: event.subject,
    time: event.time,
    datacontenttype: 'application/json',
    ...(event.correlationId !== undefined && { correlationid: event.correlationId }),
    ...(event.causationId !== undefined && { causationid: event.causationId }),
    ...(event.traceparent !== undefined && { traceparent: event.traceparent }),
    ...(event.tracestate !== undefined && { tracestate: event.tracestate }),
    data: event.data,
  };
}

/**
 * The AMQP `timestamp` (seconds since 1970) of an event time, or undefined when AMQP cannot carry
 * it: times before 1970, and RFC 3339 times that Date cannot parse, such as a leap second.
 */
export function amqpTimestamp(time: string): number | undefined {
  const ms = Date.parse(time);
  return Number.isFinite(ms) && ms >= 0 ? Math.floor(ms / 1000) : undefined;
}

/** AMQP properties and headers of an event message (API.md §1). */
export function toPublishOptions(event: StoredEvent): Options.Publish {
  const headers: Record<string, string | number> = { 'x-dataversion': event.dataversion };
  if (event.traceparent !== undefined) headers.traceparent = event.traceparent;
  if (event.tracestate !== undefined) headers.tracestate = event.tracestate;
  const timestamp = amqpTimestamp(event.time);
  return {
    messageId: event.id,
    type: event.type,
    correlationId: event.correlationId,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    ...(timestamp !== undefined && { timestamp }),
    persistent: true,
    mandatory: true,
    headers,
  };
}
