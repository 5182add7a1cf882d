import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  type StreamableFile,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { httpConfig } from '../config';
import { InjectEventStore, type EventStore } from '../event-store';
import { CLOUDEVENTS_CONTENT_TYPE, PublishService } from '../messaging';
import { CLOUDEVENT_INPUT_SCHEMA, ENVELOPE_SCHEMA } from '../versioning';
import { AcceptedBatchDto, AcceptedEventDto } from './dto/accepted-event.dto';
import { ConflictDto, ErrorDto } from './dto/error.dto';
import { PublishBatchDto } from './dto/publish-batch.dto';
import { PublishEventDto } from './dto/publish-event.dto';
import { RawQuery, ReadEventsQuery } from './dto/read-events.query';
import { EventView, type ServedEnvelope } from './event-view';
import { jsonPage } from './json-page.stream';
import { idempotencyClaim } from './idempotency';
import { PublishRequestParser, mediaTypeOf } from './publish-request.parser';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Same key and body within 24 h: the same response and no second event; another body: 422.',
};

/** Publishing events and reading the global order. Appends go through the store's outbox. */
@ApiTags('events')
@ApiExtraModels(PublishEventDto)
@Controller('events')
export class EventsController {
  constructor(
    private readonly parser: PublishRequestParser,
    private readonly publisher: PublishService,
    private readonly view: EventView,
    @InjectEventStore() private readonly store: EventStore,
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Publish one event (202 = durably stored with its pending publication)' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiConsumes('application/json', CLOUDEVENTS_CONTENT_TYPE)
  @ApiBody({
    required: true,
    description: `Herald's shape as application/json, or a whole CloudEvent as ${CLOUDEVENTS_CONTENT_TYPE}.`,
    schema: { oneOf: [{ $ref: getSchemaPath(PublishEventDto) }, CLOUDEVENT_INPUT_SCHEMA] },
  })
  @ApiAcceptedResponse({ type: AcceptedEventDto })
  @ApiBadRequestResponse({
    type: ErrorDto,
    description: 'Invalid body or data (JSON paths), unknown type or version',
  })
  @ApiConflictResponse({ type: ConflictDto, description: 'expectedVersion does not match the stream' })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'Idempotency-Key reused with another body' })
  @ApiPayloadTooLargeResponse({ type: ErrorDto, description: 'Body over MAX_BODY_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorDto })
  @ApiServiceUnavailableResponse({
    type: ErrorDto,
    description: 'The store is unavailable; nothing was accepted',
  })
  async publish(
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<AcceptedEventDto> {
    const draft = await this.parser.single(contentType, body);
    const idempotency = idempotencyClaim(
      key,
      { route: 'POST /events', contentType: mediaTypeOf(contentType), body },
      (result) => this.view.accepted(result.events[0]),
    );
    const result = await this.publisher.publish([draft], { idempotency });
    return (
      (result.idempotentResponse as AcceptedEventDto | undefined) ?? this.view.accepted(result.events[0])
    );
  }

  @Post('batch')
  @HttpCode(202)
  @ApiOperation({ summary: 'Publish up to 1000 events in one transaction: all or none' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiBody({ type: PublishBatchDto })
  @ApiAcceptedResponse({ type: AcceptedBatchDto })
  @ApiBadRequestResponse({
    type: ErrorDto,
    description: 'Any event invalid (paths start /events/<i>): none stored',
  })
  @ApiConflictResponse({ type: ConflictDto })
  @ApiUnprocessableEntityResponse({ type: ErrorDto })
  @ApiPayloadTooLargeResponse({ type: ErrorDto })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorDto })
  @ApiServiceUnavailableResponse({ type: ErrorDto })
  async publishBatch(
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<AcceptedBatchDto> {
    const drafts = await this.parser.batch(contentType, body);
    const render = (events: AcceptedEventDto[]) => ({ events });
    const idempotency = idempotencyClaim(
      key,
      { route: 'POST /events/batch', contentType: mediaTypeOf(contentType), body },
      (result) => render(result.events.map((e) => this.view.accepted(e))),
    );
    const result = await this.publisher.publish(drafts, { idempotency, pathOf: (i) => `/events/${i}` });
    return (
      (result.idempotentResponse as AcceptedBatchDto | undefined) ??
      render(result.events.map((e) => this.view.accepted(e)))
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One event, upcast to the latest version of its type (?raw=true: as stored)' })
  @ApiOkResponse({ description: 'The envelope', schema: ENVELOPE_SCHEMA })
  @ApiNotFoundResponse({ type: ErrorDto })
  async read(@Param('id') id: string, @Query() { raw }: RawQuery): Promise<ServedEnvelope> {
    const event = await this.store.readEvent(id);
    if (event === undefined) throw new NotFoundException(`event ${id} not found`);
    return this.view.envelope(event, raw);
  }

  @Get()
  @ApiOperation({
    summary: 'Events in commit order, a page at a time; keep "next" to continue',
    description:
      'A page holds at most `limit` events and about MAX_PAGE_BYTES of them, but at least one. ' +
      'An empty page returns the cursor it was given.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        events: { type: 'array', items: ENVELOPE_SCHEMA as object },
        next: { type: 'string' },
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'A cursor this store did not issue' })
  async list(@Query() { after, limit, type, raw }: ReadEventsQuery): Promise<StreamableFile> {
    const page = await this.store.readAll({ after, limit, type, maxBytes: this.http.maxPageBytes });
    return jsonPage({}, 'events', page.events, (event) => this.view.envelopeJson(event, raw), {
      next: page.next,
    });
  }
}
