export { BrokerStatus, BrokerUnavailableError } from './broker-status.service';
export { MessagingModule } from './messaging.module';
export { TOPOLOGY } from './messaging.di-tokens';
export { connectionNameFor, topologyFor, type Topology } from './topology';
