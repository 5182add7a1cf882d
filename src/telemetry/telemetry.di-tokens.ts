/** DI token of the running {@link Telemetry}. */
export const TELEMETRY = Symbol('herald.telemetry');
