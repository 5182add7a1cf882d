import type { JsonSchema } from './event-type';

const SUBSCHEMA_KEYS = [
  'items',
  'additionalItems',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedItems',
];
const SUBSCHEMA_LIST_KEYS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMA_MAP_KEYS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/**
 * Returns a copy of a schema in which every object schema that does not say otherwise has
 * `additionalProperties: false`: an event's data carries exactly what its version declares.
 */
export function closeObjects(schema: JsonSchema): JsonSchema {
  const copy: Record<string, unknown> = { ...schema };
  const isObjectSchema = copy.type === 'object' || copy.properties !== undefined;
  if (isObjectSchema && copy.additionalProperties === undefined && copy.unevaluatedProperties === undefined) {
    copy.additionalProperties = false;
  }
  const close = (value: unknown): unknown =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? closeObjects(value as JsonSchema)
      : value;
  for (const key of SUBSCHEMA_KEYS) if (copy[key] !== undefined) copy[key] = close(copy[key]);
  for (const key of SUBSCHEMA_LIST_KEYS) {
    if (Array.isArray(copy[key])) copy[key] = (copy[key] as unknown[]).map(close);
  }
  for (const key of SUBSCHEMA_MAP_KEYS) {
    const map = copy[key];
    if (typeof map === 'object' && map !== null) {
      copy[key] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, close(sub)]));
    }
  }
  if (typeof copy.additionalProperties === 'object')
    copy.additionalProperties = close(copy.additionalProperties);
  return copy;
}
