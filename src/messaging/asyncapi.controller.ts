import { Controller, Get, Inject } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { amqpConfig } from '../config';
import { EventCatalog } from '../versioning';
import { brokerAddressOf, buildAsyncApiDocument } from './asyncapi-document';
import { TOPOLOGY } from './messaging.di-tokens';
import type { Topology } from './topology';

/** The broker-side contract, generated from the catalog and the topology. */
@ApiTags('contracts')
@Controller()
export class AsyncApiController {
  constructor(
    private readonly catalog: EventCatalog,
    @Inject(TOPOLOGY) private readonly topology: Topology,
    @Inject(amqpConfig.KEY) private readonly amqp: ConfigType<typeof amqpConfig>,
  ) {}

  @Get('asyncapi.json')
  @ApiOperation({ summary: 'AsyncAPI 3.0 document of the exchange, every event type and version' })
  @ApiOkResponse({ description: 'An AsyncAPI 3.0 document', schema: { type: 'object' } })
  document(): Record<string, unknown> {
    return buildAsyncApiDocument(this.catalog, this.topology, brokerAddressOf(this.amqp.url));
  }
}
