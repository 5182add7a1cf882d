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

/** AMQP properties and headers of an event message (API.md §1). */
export function toPublishOptions(event: StoredEvent): Options.Publish {
  const headers: Record<string, string | number> = { 'x-dataversion': event.dataversion };
  if (event.traceparent !== undefined) headers.traceparent = event.traceparent;
  if (event.tracestate !== undefined) headers.tracestate = event.tracestate;
  return {
    messageId: event.id,
    type: event.type,
    correlationId: event.correlationId,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    timestamp: Math.floor(Date.parse(event.time) / 1000),
    persistent: true,
    mandatory: true,
    headers,
  };
}
