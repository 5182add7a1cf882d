export { BrokerStatus, BrokerUnavailableError } from './broker-status.service';
export { MessagingModule } from './messaging.module';
export { TOPOLOGY } from './messaging.di-tokens';
export { connectionNameFor, topologyFor, type Topology } from './topology';
export { CLOUDEVENTS_CONTENT_TYPE, toEnvelope, toPublishOptions, type CloudEventEnvelope } from './envelope';
export { EventPublisher } from './event-publisher';
export { OutboxRelay } from './outbox-relay.service';
export { UnroutableEventError } from './unroutable-event.error';
