import type { ExpectedVersion } from '../event-store';

/**
 * An event a producer wants published. Only `type` and `data` are required; everything else has
 * a default taken from the catalog, the clock or the current context.
 */
export interface EventDraft {
  readonly type: string;
  /** @default the latest registered version of `type` */
  readonly dataversion?: number;
  /** The stream. @default a stream of the event's own, named by its id */
  readonly subject?: string;
  readonly data: unknown;
  /** @default ANY */
  readonly expectedVersion?: ExpectedVersion;
  /** @default a new UUID v7; a client-chosen id makes a retried publish idempotent */
  readonly id?: string;
  /** @default `/herald` */
  readonly source?: string;
  /** @default now */
  readonly time?: string;
  /** @default the correlation id of the current request or message, else the event's id */
  readonly correlationId?: string;
  readonly causationId?: string;
  /** @default the active span's trace context */
  readonly traceparent?: string;
  readonly tracestate?: string;
}
