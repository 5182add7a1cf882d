export { closeObjects } from './close-objects';
export { ENVELOPE_SCHEMA, CLOUDEVENT_INPUT_SCHEMA } from './envelope.schema';
export { EnvelopeValidator } from './envelope-validator';
export { EventCatalog, type CatalogEntry, type Upcast } from './event-catalog';
export {
  EVENT_TYPE_PATTERN,
  type EventTypeDefinition,
  type EventVersion,
  type JsonSchema,
  type Upcaster,
} from './event-type';
export {
  CatalogDefinitionError,
  SchemaValidationError,
  UnknownEventTypeError,
  UnknownEventVersionError,
  describeIssues,
  type SchemaIssue,
} from './errors/catalog.errors';
export { VersioningModule } from './versioning.module';
