import { Controller, Get, Inject, Param, Query, type StreamableFile } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { httpConfig } from '../config';
import { InjectEventStore, type EventStore } from '../event-store';
import { ENVELOPE_SCHEMA } from '../versioning';
import { ReadStreamQuery } from './dto/read-events.query';
import { EventView } from './event-view';
import { jsonPage } from './json-page.stream';

/** Reading one stream (an aggregate's events) in version order. */
@ApiTags('events')
@Controller('streams')
export class StreamsController {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly view: EventView,
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
  ) {}

  @Get(':subject')
  @ApiOperation({
    summary:
      "A stream's events from a version, a page at a time, and its current version (0: no such stream)",
    description:
      'A page holds at most `limit` events and about MAX_PAGE_BYTES of them, but at least one. ' +
      'Read on with `fromVersion=next` while `next` is at most `version`.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        subject: { type: 'string' },
        version: { type: 'integer' },
        events: { type: 'array', items: ENVELOPE_SCHEMA as object },
        next: { type: 'integer', description: 'The fromVersion of the next page' },
      },
    },
  })
  async read(
    @Param('subject') subject: string,
    @Query() { fromVersion = 1, limit, raw }: ReadStreamQuery,
  ): Promise<StreamableFile> {
    const page = await this.store.readStream(subject, fromVersion, {
      limit,
      maxBytes: this.http.maxPageBytes,
    });
    return jsonPage(
      { subject, version: page.version },
      'events',
      page.events,
      (event) => this.view.envelopeJson(event, raw),
      { next: page.next },
    );
  }
}
