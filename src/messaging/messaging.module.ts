import { RabbitMQModule, type RabbitMQConfig } from '@golevelup/nestjs-rabbitmq';
import { Logger, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { amqpConfig, heraldConfig } from '../config';
import { AsyncApiController } from './asyncapi.controller';
import { BrokerStatus } from './broker-status.service';
import { PublishService } from './publish.service';
import { EventPublisher } from './event-publisher';
import { MessagingLifecycle } from './messaging-lifecycle.service';
import { OutboxRelay } from './outbox-relay.service';
import { TOPOLOGY } from './messaging.di-tokens';
import { connectionNameFor, topologyFor, type Topology } from './topology';

/** Exchanges and queues declared on every (re)connection. */
function declarations(topology: Topology): Pick<RabbitMQConfig, 'exchanges' | 'queues'> {
  return {
    exchanges: [
      { name: topology.unroutedExchange, type: 'fanout', options: { durable: true } },
      {
        name: topology.eventsExchange,
        type: 'topic',
        options: { durable: true, alternateExchange: topology.unroutedExchange },
      },
    ],
    queues: [
      {
        name: topology.unroutedQueue,
        exchange: topology.unroutedExchange,
        routingKey: '',
        // A diagnostic window, not storage: every event stays in the event store.
        options: { durable: true, arguments: { 'x-queue-type': 'classic', 'x-max-length': 10_000 } },
      },
    ],
  };
}

/**
 * The RabbitMQ connection and Herald's topology. The connection is opened in the background
 * (`wait: false`): the service boots and answers `/health` while the broker is down, and the
 * connection manager reconnects and re-declares the topology when it comes back.
 */
@Module({
  imports: [
    RabbitMQModule.forRootAsync({
      inject: [amqpConfig.KEY, heraldConfig.KEY],
      useFactory: (amqp: ConfigType<typeof amqpConfig>, herald: ConfigType<typeof heraldConfig>) => ({
        uri: amqp.url,
        ...declarations(topologyFor(herald.namespace)),
        connectionInitOptions: { wait: false },
        connectionManagerOptions: {
          heartbeatIntervalInSeconds: 5,
          reconnectTimeInSeconds: 2,
          // Named so that operators (and tests) can tell Herald's connections apart on the broker.
          connectionOptions: { clientProperties: { connection_name: connectionNameFor(herald.namespace) } },
        },
        registerHandlers: herald.roles.has('worker'),
        enableControllerDiscovery: false,
        logger: new Logger('RabbitMQ'),
      }),
    }),
  ],
  providers: [
    {
      provide: TOPOLOGY,
      inject: [heraldConfig.KEY],
      useFactory: (herald: ConfigType<typeof heraldConfig>) => topologyFor(herald.namespace),
    },
    BrokerStatus,
    EventPublisher,
    OutboxRelay,
    MessagingLifecycle,
    PublishService,
  ],
  controllers: [AsyncApiController],
  exports: [RabbitMQModule, TOPOLOGY, BrokerStatus, OutboxRelay, PublishService],
})
export class MessagingModule {}
