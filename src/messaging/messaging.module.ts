import { RabbitMQModule } from '@golevelup/nestjs-rabbitmq';
import { Logger, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { amqpConfig, heraldConfig } from '../config';
import { BrokerStatus } from './broker-status.service';
import { TOPOLOGY } from './messaging.di-tokens';
import { connectionNameFor, topologyFor } from './topology';

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
        exchanges: [
          { name: topologyFor(herald.namespace).eventsExchange, type: 'topic', options: { durable: true } },
        ],
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
  ],
  exports: [RabbitMQModule, TOPOLOGY, BrokerStatus],
})
export class MessagingModule {}
