import {
  CatalogDefinitionError,
  SchemaValidationError,
  UnknownEventTypeError,
  UnknownEventVersionError,
} from './errors/catalog.errors';
import { EventCatalog } from './event-catalog';
import type { EventTypeDefinition } from './event-type';

const point: EventTypeDefinition = {
  type: 'shape.moved',
  description: 'test',
  versions: [
    {
      version: 1,
      schema: { type: 'object', required: ['x'], properties: { x: { type: 'number' } } },
      example: { x: 1 },
      upcast: (data) => ({ ...(data as object), y: 0 }),
    },
    {
      version: 2,
      schema: {
        type: 'object',
        required: ['x', 'y'],
        properties: { x: { type: 'number' }, y: { type: 'number' } },
      },
      example: { x: 1, y: 2 },
      upcast: (data) => {
        const { x, y } = data as { x: number; y: number };
        return { at: { x, y } };
      },
    },
    {
      version: 3,
      schema: {
        type: 'object',
        required: ['at'],
        properties: { at: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } } } },
      },
      example: { at: { x: 1, y: 2 } },
    },
  ],
};

describe('EventCatalog', () => {
  let catalog: EventCatalog;
  beforeEach(() => {
    catalog = new EventCatalog();
    catalog.register(point);
  });

  it('composes upcasters into a chain to the latest version', () => {
    expect(catalog.upcast('shape.moved', 1, { x: 5 })).toEqual({
      dataversion: 3,
      data: { at: { x: 5, y: 0 } },
    });
    expect(catalog.upcast('shape.moved', 3, { at: { x: 1, y: 1 } })).toEqual({
      dataversion: 3,
      data: { at: { x: 1, y: 1 } },
    });
  });

  it('lists types with versions and latest', () => {
    expect(catalog.entries()).toEqual([
      { type: 'shape.moved', description: 'test', versions: [1, 2, 3], latest: 3 },
    ]);
  });

  it('names JSON paths of invalid data, closing objects that do not say otherwise', () => {
    try {
      catalog.validate('shape.moved', 3, { at: { x: 'a', z: 1 } });
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(SchemaValidationError);
      const issues = (error as SchemaValidationError).issues;
      expect(issues).toEqual(
        expect.arrayContaining([
          { path: '/data/at/x', message: 'must be number' },
          { path: '/data/at/z', message: 'is not allowed' },
        ]),
      );
    }
    expect(() => catalog.validate('shape.moved', 1, {})).toThrow(/\/data\/x is required/);
  });

  it('keeps an object open when its schema says so', () => {
    const open = new EventCatalog();
    open.register({
      type: 'open.thing',
      description: 'test',
      versions: [{ version: 1, schema: { type: 'object', additionalProperties: true }, example: { any: 1 } }],
    });
    expect(() => open.validate('open.thing', 1, { anything: true })).not.toThrow();
  });

  it('rejects unknown types and versions', () => {
    expect(() => catalog.latest('nope.nope')).toThrow(UnknownEventTypeError);
    expect(() => catalog.validate('shape.moved', 9, {})).toThrow(UnknownEventVersionError);
  });

  it('refuses a chain with a missing upcaster, naming the type and versions', () => {
    const broken: EventTypeDefinition = {
      ...point,
      type: 'shape.broken',
      versions: point.versions.map((v) => (v.version === 2 ? { ...v, upcast: undefined } : v)),
    };
    expect(() => catalog.register(broken)).toThrow(CatalogDefinitionError);
    expect(() => catalog.register(broken)).toThrow(/shape\.broken: version 2 has no upcaster to version 3/);
  });

  it('refuses a gap in the version numbers', () => {
    const gap: EventTypeDefinition = {
      ...point,
      type: 'shape.gap',
      versions: [point.versions[0], point.versions[2]],
    };
    expect(() => catalog.register(gap)).toThrow(
      /shape\.gap: versions must run 1\.\.3 without gaps; found 1, 3/,
    );
  });

  it('refuses an example that does not match its schema, and duplicate or badly named types', () => {
    const badExample: EventTypeDefinition = {
      type: 'bad.example',
      description: 'x',
      versions: [
        { version: 1, schema: { type: 'object', properties: { a: { type: 'string' } } }, example: { a: 1 } },
      ],
    };
    expect(() => catalog.register(badExample)).toThrow(/example/);
    expect(() => catalog.register(point)).toThrow(/twice/);
    expect(() => catalog.register({ ...point, type: 'NoDots' })).toThrow(/dotted lower-case/);
  });
});
