import fc from 'fast-check';
import { arbitraryOf } from '../../../test/support/schema-arbitrary';
import { EventCatalog } from '../../versioning';
import { ORDER_EVENT_TYPES } from './index';

/**
 * Every accepted event can be read: whatever a version's schema admits must upcast, through the
 * whole chain, to data the latest version's schema admits.
 */
describe('every upcaster chain of the catalog', () => {
  const catalog = new EventCatalog();
  ORDER_EVENT_TYPES.forEach((definition) => catalog.register(definition));

  const chains = ORDER_EVENT_TYPES.flatMap(({ type, versions }) =>
    versions.slice(0, -1).map(({ version, schema }) => ({ type, version, schema })),
  );

  it('has at least one chain to check', () => {
    expect(chains.length).toBeGreaterThan(0);
  });

  it.each(chains)('$type v$version upcasts to a valid latest version', ({ type, version, schema }) => {
    fc.assert(
      fc.property(arbitraryOf(schema), (data) => {
        catalog.validate(type, version, data);
        const upcast = catalog.upcast(type, version, data);
        expect(upcast.dataversion).toBe(catalog.latest(type));
      }),
      { numRuns: 500 },
    );
  });

  it.each(ORDER_EVENT_TYPES.flatMap(({ type, versions }) => versions.map((v) => ({ type, ...v }))))(
    'generates only data that $type v$version admits (the generator is faithful)',
    ({ type, version, schema }) => {
      fc.assert(fc.property(arbitraryOf(schema), (data) => catalog.validate(type, version, data)));
    },
  );
});
