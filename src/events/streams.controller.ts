import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectEventStore, type EventStore } from '../event-store';
import { ENVELOPE_SCHEMA } from '../versioning';
import { ReadStreamQuery } from './dto/read-events.query';
import { EventView } from './event-view';

/** Reading one stream (an aggregate's events) in version order. */
@ApiTags('events')
@Controller('streams')
export class StreamsController {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly view: EventView,
  ) {}

  @Get(':subject')
  @ApiOperation({ summary: "A stream's events from a version, and its current version (0: no such stream)" })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        subject: { type: 'string' },
        version: { type: 'integer' },
        events: { type: 'array', items: ENVELOPE_SCHEMA as object },
      },
    },
  })
  async read(@Param('subject') subject: string, @Query() { fromVersion, raw }: ReadStreamQuery) {
    const { version, events } = await this.store.readStream(subject, fromVersion);
    return { subject, version, events: events.map((event) => this.view.envelope(event, raw)) };
  }
}
