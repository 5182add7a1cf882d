import { Injectable } from '@nestjs/common';
import { context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import type { IncomingHttpHeaders } from 'node:http';
import { ClsService } from 'nestjs-cls';

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const INBOUND_TRACE = 'herald.inboundTrace';

/** W3C trace context: the `traceparent` and `tracestate` headers. */
export interface TraceContext {
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** Keeps a request's own W3C trace headers (when well-formed) in its context. */
export function rememberInboundTrace(cls: ClsService, headers: IncomingHttpHeaders): void {
  const { traceparent, tracestate } = headers;
  if (typeof traceparent !== 'string' || !TRACEPARENT.test(traceparent)) return;
  cls.set<TraceContext>(INBOUND_TRACE, {
    traceparent,
    tracestate: typeof tracestate === 'string' ? tracestate : undefined,
  });
}

/**
 * The correlation id of the work in progress (an HTTP request now; a consumed message once
 * handlers exist), read from the async-local context opened at the entry point.
 */
@Injectable()
export class CorrelationContext {
  constructor(private readonly cls: ClsService) {}

  /** The current correlation id, or undefined outside any request or message. */
  get correlationId(): string | undefined {
    return this.cls.isActive() ? this.cls.getId() : undefined;
  }

  /**
   * The trace context an event produced now should carry: the active span's, or, where no span
   * is recording (instrumentation off), the caller's own `traceparent` so the trace still joins up.
   */
  get traceContext(): TraceContext {
    const active = trace.getActiveSpan()?.spanContext();
    if (active !== undefined && isSpanContextValid(active)) {
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      if (carrier.traceparent !== undefined) return carrier;
    }
    return (this.cls.isActive() ? this.cls.get<TraceContext>(INBOUND_TRACE) : undefined) ?? {};
  }
}
