import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging';
import { EventView } from './event-view';
import { EventsController } from './events.controller';
import { PublishRequestParser } from './publish-request.parser';
import { StreamsController } from './streams.controller';

/** The HTTP ingest and read API: `POST /events`, `/events/batch`, `GET /events`, `/streams/:subject`. */
@Module({
  imports: [MessagingModule],
  controllers: [EventsController, StreamsController],
  providers: [PublishRequestParser, EventView],
})
export class EventsModule {}
