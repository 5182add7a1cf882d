import { Controller, Get, NotFoundException, Param, ParseIntPipe } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogEntryDto } from './catalog-entry.dto';
import { UnknownEventTypeError, UnknownEventVersionError } from './errors/catalog.errors';
import { EventCatalog } from './event-catalog';
import type { JsonSchema } from './event-type';

/** The event catalog, for producers and consumers to code against. */
@ApiTags('contracts')
@Controller('schemas')
export class SchemasController {
  constructor(private readonly catalog: EventCatalog) {}

  @Get()
  @ApiOperation({ summary: 'Every event type with its versions' })
  @ApiOkResponse({ type: CatalogEntryDto, isArray: true })
  list(): CatalogEntryDto[] {
    return this.catalog.entries().map(({ type, versions, latest }) => ({ type, versions, latest }));
  }

  @Get(':type/:version')
  @ApiOperation({ summary: "The JSON Schema (draft 2020-12) of one version's data" })
  @ApiOkResponse({ description: 'A JSON Schema', schema: { type: 'object' } })
  @ApiNotFoundResponse({ description: 'Unknown type or version' })
  schema(@Param('type') type: string, @Param('version', ParseIntPipe) version: number): JsonSchema {
    try {
      return this.catalog.version(type, version).schema;
    } catch (error) {
      if (error instanceof UnknownEventTypeError || error instanceof UnknownEventVersionError) {
        throw new NotFoundException(error.message);
      }
      throw error;
    }
  }
}
