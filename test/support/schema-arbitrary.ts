import fc from 'fast-check';
import type { JsonSchema } from '../../src/versioning';

type Schema = Readonly<Record<string, unknown>>;

const JSON_NUMBER = { noNaN: true, noDefaultInfinity: true } as const;

/**
 * Arbitrary values valid against a JSON Schema, for the subset the catalog uses: `type` (object,
 * array, string, number, integer, boolean, null), `properties`/`required` (closed objects),
 * `items`, `minItems`/`maxItems`, `minLength`/`maxLength`, `pattern`, `minimum`/`maximum`,
 * `const` and `enum`. Anything else throws, so that a schema the generator does not understand
 * fails the property test instead of being tested loosely.
 */
export function arbitraryOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'object':
      return objectOf(schema);
    case 'array':
      return fc.array(arbitraryOf((schema.items ?? {}) as Schema), {
        minLength: (schema.minItems as number | undefined) ?? 0,
        maxLength: (schema.maxItems as number | undefined) ?? 5,
      });
    case 'string':
      return stringOf(schema);
    case 'number':
      return fc.double({ ...JSON_NUMBER, min: schema.minimum as number, max: schema.maximum as number });
    case 'integer':
      return fc.integer({ min: schema.minimum as number, max: schema.maximum as number });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      throw new Error(`no arbitrary for schema ${JSON.stringify(schema)}`);
  }
}

function objectOf(schema: Schema): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = (schema.required ?? []) as string[];
  const model = Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, arbitraryOf(sub)]));
  return fc.record(model, { requiredKeys: required });
}

function stringOf(schema: Schema): fc.Arbitrary<string> {
  if (schema.format !== undefined) throw new Error(`no arbitrary for format ${JSON.stringify(schema.format)}`);
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
  return fc.string({
    unit: 'grapheme',
    minLength: (schema.minLength as number | undefined) ?? 0,
    maxLength: (schema.maxLength as number | undefined) ?? 20,
  });
}
