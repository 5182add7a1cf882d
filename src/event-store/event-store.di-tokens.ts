import { Inject } from '@nestjs/common';

/** DI token of the {@link EventStore} port. */
export const EVENT_STORE = Symbol('herald.event-store');

/** Injects the {@link EventStore}. */
export const InjectEventStore = (): ParameterDecorator => Inject(EVENT_STORE);
