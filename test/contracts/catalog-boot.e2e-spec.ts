import { VersioningModule, type EventTypeDefinition } from '../../src/versioning';
import { startApp } from '../support/app.fixture';

const broken: EventTypeDefinition = {
  type: 'broken.chain',
  description: 'v2 cannot reach v3',
  versions: [
    { version: 1, schema: { type: 'object' }, example: {}, upcast: (data) => data },
    { version: 2, schema: { type: 'object' }, example: {} },
    { version: 3, schema: { type: 'object' }, example: {} },
  ],
};

describe('the catalog at boot', () => {
  it('refuses to start with a gap in an upcaster chain, naming the type and versions', async () => {
    await expect(
      startApp({ suite: 'catalog-gap', imports: [VersioningModule.forFeature([broken])] }),
    ).rejects.toThrow(/broken\.chain: version 2 has no upcaster to version 3/);
  });
});
