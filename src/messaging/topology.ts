/**
 * Names of everything Herald declares on RabbitMQ, derived from the namespace so that
 * deployments (and test suites) sharing one broker never see each other's traffic.
 */
export interface Topology {
  /** Topic exchange every event is published to, with routing key = event type. */
  readonly eventsExchange: string;
  /**
   * Alternate exchange of {@link eventsExchange}: events of a type no queue is bound to yet land
   * in the queue of the same name instead of being dropped by the broker.
   */
  readonly unroutedExchange: string;
  readonly unroutedQueue: string;
}

/** Builds the {@link Topology} of a namespace. */
export function topologyFor(namespace: string): Topology {
  return {
    eventsExchange: `${namespace}.events`,
    unroutedExchange: `${namespace}.unrouted`,
    unroutedQueue: `${namespace}.unrouted`,
  };
}

/** The name Herald's broker connections carry (`connection_name`), visible in the management UI. */
export function connectionNameFor(namespace: string): string {
  return `herald:${namespace}`;
}
