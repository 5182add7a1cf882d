import { Global, Module, type DynamicModule } from '@nestjs/common';
import { EnvelopeValidator } from './envelope-validator';
import { EventCatalog } from './event-catalog';
import type { EventTypeDefinition } from './event-type';
import { SchemasController } from './schemas.controller';

let registrations = 0;

/** Carries one `forFeature` registration (a module of its own, so no controller mounts twice). */
@Module({})
class EventTypesRegistration {}

/**
 * The event catalog and the envelope validator, global. Domain modules add their event types with
 * `VersioningModule.forFeature([...])`; a type with a gap in its upcaster chain stops the boot.
 */
@Global()
@Module({
  controllers: [SchemasController],
  providers: [
    { provide: EventCatalog, useFactory: () => new EventCatalog() },
    { provide: EnvelopeValidator, useFactory: () => new EnvelopeValidator() },
  ],
  exports: [EventCatalog, EnvelopeValidator],
})
export class VersioningModule {
  /** Registers event types in the catalog while the application is built. */
  static forFeature(definitions: readonly EventTypeDefinition[]): DynamicModule {
    const token = Symbol(`herald.versioning.registration.${++registrations}`);
    return {
      module: EventTypesRegistration,
      providers: [
        {
          provide: token,
          inject: [EventCatalog],
          useFactory: (catalog: EventCatalog) => {
            for (const definition of definitions) catalog.register(definition);
            return definitions.map((d) => d.type);
          },
        },
      ],
    };
  }
}
