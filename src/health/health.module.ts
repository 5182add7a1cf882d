import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MessagingModule } from '../messaging';
import { HealthController } from './health.controller';
import { EventStoreHealthIndicator } from './event-store.health';
import { OutboxHealthIndicator } from './outbox.health';
import { RabbitMqHealthIndicator } from './rabbitmq.health';

/** `GET /health`, `/health/live` and `/health/ready`: rabbitmq, eventStore and outbox indicators. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), MessagingModule],
  controllers: [HealthController],
  providers: [RabbitMqHealthIndicator, EventStoreHealthIndicator, OutboxHealthIndicator],
})
export class HealthModule {}
