/** A JSON Schema (draft 2020-12) as a plain object. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Turns the data of one version into the data of the next. Pure: no I/O, no clock, no randomness. */
export type Upcaster = (data: unknown) => unknown;

/** One version of an event type's data. Old versions are frozen: never edit one once released. */
export interface EventVersion {
  readonly version: number;
  /** JSON Schema of `data`; objects are closed unless the schema says otherwise. */
  readonly schema: JsonSchema;
  /** A valid `data`, used in the documentation. */
  readonly example: unknown;
  /** Upcasts this version's data to `version + 1`; required on every version but the latest. */
  readonly upcast?: Upcaster;
}

/** An event type and every version of its data. */
export interface EventTypeDefinition {
  /** Dotted lower-case name, e.g. `order.created`; the routing key on the broker. */
  readonly type: string;
  readonly description: string;
  readonly versions: readonly EventVersion[];
}

/** The pattern every event type name follows. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
