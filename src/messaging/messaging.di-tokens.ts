/** DI token of the {@link Topology} of this process's namespace. */
export const TOPOLOGY = Symbol('herald.messaging.topology');
