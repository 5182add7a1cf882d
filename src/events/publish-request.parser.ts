import {
  BadRequestException,
  Injectable,
  UnsupportedMediaTypeException,
  ValidationPipe,
} from '@nestjs/common';
import { validationExceptionFactory } from '../app/validation-errors';
import { NO_STREAM } from '../event-store';
import { CLOUDEVENTS_CONTENT_TYPE, type EventDraft } from '../messaging';
import { EnvelopeValidator, describeIssues, SchemaValidationError } from '../versioning';
import { PublishBatchDto } from './dto/publish-batch.dto';
import { PublishEventDto } from './dto/publish-event.dto';

/** The media type of a request, without parameters, lower-cased. */
export const mediaTypeOf = (header: string | undefined) => (header ?? '').split(';')[0].trim().toLowerCase();

interface CloudEventInput {
  id: string;
  source: string;
  type: string;
  dataversion?: number;
  subject?: string;
  time?: string;
  correlationid?: string;
  causationid?: string;
  traceparent?: string;
  tracestate?: string;
  expectedversion?: number;
  data: unknown;
}

/**
 * Turns a publishing request's body into drafts: Herald's JSON shape (validated as a DTO) or a
 * whole CloudEvent (validated against the input envelope schema, never filled in).
 */
@Injectable()
export class PublishRequestParser {
  private readonly pipe = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationExceptionFactory,
  });

  constructor(private readonly envelopes: EnvelopeValidator) {}

  /** @throws UnsupportedMediaTypeException | BadRequestException */
  async single(contentType: string | undefined, body: unknown): Promise<EventDraft> {
    const media = mediaTypeOf(contentType);
    if (media === CLOUDEVENTS_CONTENT_TYPE) return this.fromCloudEvent(body);
    if (media !== 'application/json') throw unsupported(media);
    const [shell, data] = detachData(body);
    const dto = (await this.pipe.transform(shell, {
      type: 'body',
      metatype: PublishEventDto,
    })) as PublishEventDto;
    return fromDto(dto, data);
  }

  /** @throws UnsupportedMediaTypeException | BadRequestException */
  async batch(contentType: string | undefined, body: unknown): Promise<EventDraft[]> {
    const media = mediaTypeOf(contentType);
    if (media !== 'application/json') throw unsupported(media);
    const events = (body as { events?: unknown } | null)?.events;
    const detached = Array.isArray(events) ? events.map(detachData) : undefined;
    const shell = detached === undefined ? body : { ...(body as object), events: detached.map(([e]) => e) };
    const dto = (await this.pipe.transform(shell, {
      type: 'body',
      metatype: PublishBatchDto,
    })) as PublishBatchDto;
    return dto.events.map((event, i) => fromDto(event, detached?.[i][1]));
  }

  private fromCloudEvent(body: unknown): EventDraft {
    try {
      this.envelopes.assertCloudEventInput(body);
    } catch (error) {
      if (error instanceof SchemaValidationError) throw new BadRequestException(describeIssues(error.issues));
      throw error;
    }
    const event = body as CloudEventInput;
    return {
      id: event.id,
      source: event.source,
      type: event.type,
      dataversion: event.dataversion,
      subject: event.subject,
      time: event.time,
      correlationId: event.correlationid,
      causationId: event.causationid,
      traceparent: event.traceparent,
      tracestate: event.tracestate,
      expectedVersion: event.expectedversion,
      data: event.data,
    };
  }
}

/** A stand-in for `data` while the DTO is checked: the catalog's schema validates the real one. */
const DATA_PLACEHOLDER = Object.freeze({});

/**
 * Splits a body into the DTO's own fields and its `data`. The DTO only requires `data` to be
 * present; handing it the data itself would make class-transformer copy and walk every byte of
 * it before ajv checks it against its schema anyway.
 */
function detachData(body: unknown): [unknown, unknown] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [body, undefined];
  const { data } = body as { data?: unknown };
  if (data === undefined || data === null) return [body, data];
  return [{ ...body, data: DATA_PLACEHOLDER }, data];
}

function fromDto(dto: PublishEventDto, data: unknown): EventDraft {
  return {
    type: dto.type,
    dataversion: dto.dataversion,
    subject: dto.subject,
    data: data ?? dto.data,
    expectedVersion: dto.expectedVersion === 0 ? NO_STREAM : dto.expectedVersion,
  };
}

const unsupported = (media: string) =>
  new UnsupportedMediaTypeException(
    `Content-Type ${media || '(none)'} is not accepted: send application/json or ${CLOUDEVENTS_CONTENT_TYPE}`,
  );
