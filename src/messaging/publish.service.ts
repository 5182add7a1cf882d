import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CorrelationContext } from '../correlation';
import {
  ANY,
  InjectEventStore,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type IdempotencyClaim,
} from '../event-store';
import { EventCatalog, SchemaValidationError } from '../versioning';
import { assertWithinLimit, type LimitedAttribute } from '../limits';
import type { EventDraft } from './event-draft';

/** Where Herald's own events say they come from, unless a producer says otherwise. */
export const DEFAULT_SOURCE = '/herald';

/**
 * Publishing as every producer does it (HTTP, the legacy queue, handlers): validate each draft
 * against the catalog, complete its envelope, and append the lot in one transaction. The outbox
 * relay takes it from there; nothing here talks to the broker.
 */
@Injectable()
export class PublishService {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly catalog: EventCatalog,
    private readonly correlation: CorrelationContext,
  ) {}

  /**
   * @param pathOf where draft i sits in the request, for error paths (e.g. `/events/3`).
   * @throws SchemaValidationError | UnknownEventTypeError | UnknownEventVersionError | VersionConflictError
   */
  async publish(
    drafts: readonly EventDraft[],
    options: { idempotency?: IdempotencyClaim; pathOf?: (index: number) => string } = {},
  ): Promise<AppendResult> {
    const pathOf = options.pathOf ?? (() => '');
    const trace = this.correlation.traceContext;
    const requests: AppendRequest[] = drafts.map((draft, index) => {
      const dataversion = draft.dataversion ?? this.catalog.latest(draft.type);
      try {
        this.catalog.validate(draft.type, dataversion, draft.data, `${pathOf(index)}/data`);
      } catch (error) {
        throw error instanceof SchemaValidationError ? error : withPath(error, pathOf(index));
      }
      const id = draft.id ?? uuidv7();
      assertDraftWithinLimits(draft, index, pathOf);
      return {
        subject: draft.subject ?? id,
        expectedVersion: draft.expectedVersion ?? ANY,
        events: [
          {
            id,
            type: draft.type,
            dataversion,
            source: draft.source ?? DEFAULT_SOURCE,
            time: draft.time ?? new Date().toISOString(),
            data: draft.data,
            correlationId: draft.correlationId ?? this.correlation.correlationId ?? id,
            causationId: draft.causationId,
            traceparent: draft.traceparent ?? trace.traceparent,
            tracestate:
              draft.traceparent === undefined ? (draft.tracestate ?? trace.tracestate) : draft.tracestate,
          },
        ],
      };
    });
    return this.store.append(requests, { idempotency: options.idempotency });
  }
}

/**
 * The door every producer passes (HTTP, the legacy queue, handlers): attributes over the limits
 * could be stored but never carried as AMQP properties, so they are refused here.
 * @throws FieldTooLongError naming the attribute (and its place in a batch).
 */
function assertDraftWithinLimits(draft: EventDraft, index: number, pathOf: (i: number) => string): void {
  const checks: Array<[LimitedAttribute, string | undefined]> = [
    ['id', draft.id],
    ['subject', draft.subject],
    ['type', draft.type],
    ['source', draft.source],
    ['correlationid', draft.correlationId],
    ['causationid', draft.causationId],
  ];
  for (const [attribute, value] of checks) {
    if (value !== undefined)
      assertWithinLimit(attribute, value, `${pathOf(index)}/${attribute}`.replace(/^\//, ''));
  }
}

/** Prefixes an error's message with the position of the draft in a batch. */
function withPath(error: unknown, path: string): unknown {
  if (path === '' || !(error instanceof Error)) return error;
  error.message = `${path}: ${error.message}`;
  return error;
}
