import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MessagingModule } from '../messaging';
import { HealthController } from './health.controller';
import { RabbitMqHealthIndicator } from './rabbitmq.health';

/** `GET /health`, `/health/live` and `/health/ready`, one indicator per dependency. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), MessagingModule],
  controllers: [HealthController],
  providers: [RabbitMqHealthIndicator],
})
export class HealthModule {}
