import { ENVELOPE_SCHEMA, type EventCatalog, type JsonSchema } from '../versioning';
import { CLOUDEVENTS_CONTENT_TYPE } from './envelope';
import type { Topology } from './topology';

/** Where the document says the broker is; credentials are never included. */
export interface BrokerAddress {
  readonly host: string;
  readonly protocol: 'amqp' | 'amqps';
}

/** Reads the host and scheme of an AMQP URL, dropping user and password. */
export function brokerAddressOf(amqpUrl: string): BrokerAddress {
  const url = new URL(amqpUrl);
  return {
    host: url.port ? `${url.hostname}:${url.port}` : url.hostname,
    protocol: url.protocol === 'amqps:' ? 'amqps' : 'amqp',
  };
}

/** Drops the draft 2020-12 markers that AsyncAPI's schema dialect does not know. */
function plain(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
  return rest;
}

const messageKey = (type: string, version: number) => `${type}.v${version}`;

/**
 * An AsyncAPI 3.0 description of what Herald publishes: the `{ns}.events` topic exchange, one
 * channel per event type (routing key = type), and one message per version, each with the
 * envelope as payload, the version's data schema inside it, and an example.
 */
export function buildAsyncApiDocument(catalog: EventCatalog, topology: Topology, broker: BrokerAddress) {
  const envelope = plain(ENVELOPE_SCHEMA) as { properties: Record<string, unknown> };
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const { type, description, versions } of catalog.entries()) {
    const channelMessages: Record<string, unknown> = {};
    for (const version of versions) {
      const { schema, example } = catalog.version(type, version);
      const key = messageKey(type, version);
      messages[key] = {
        name: key,
        title: `${type} v${version}`,
        summary: description,
        contentType: CLOUDEVENTS_CONTENT_TYPE,
        headers: {
          type: 'object',
          properties: {
            'x-dataversion': { type: 'integer', const: version },
            traceparent: { type: 'string' },
            tracestate: { type: 'string' },
          },
        },
        payload: {
          ...envelope,
          properties: {
            ...envelope.properties,
            type: { type: 'string', const: type },
            dataversion: { type: 'integer', const: version },
            data: plain(schema),
          },
        },
        examples: [
          {
            name: `${key}-example`,
            payload: { specversion: '1.0', type, dataversion: version, data: example },
          },
        ],
        bindings: { amqp: { contentEncoding: 'utf-8', messageType: type, bindingVersion: '0.3.0' } },
      };
      channelMessages[key] = { $ref: `#/components/messages/${key}` };
    }
    channels[type] = {
      address: type,
      description: `${description} Routing key ${type} on ${topology.eventsExchange}.`,
      messages: channelMessages,
      bindings: {
        amqp: {
          is: 'routingKey',
          exchange: {
            name: topology.eventsExchange,
            type: 'topic',
            durable: true,
            autoDelete: false,
            vhost: '/',
          },
          bindingVersion: '0.3.0',
        },
      },
    };
    operations[`publish.${type}`] = {
      action: 'send',
      summary: `Herald publishes ${type} (every version is upcast-compatible with the latest)`,
      channel: { $ref: `#/channels/${type}` },
      messages: Object.keys(channelMessages).map((key) => ({ $ref: `#/channels/${type}/messages/${key}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Herald events',
      version: '0.1.0',
      description: `Every event Herald publishes to the ${topology.eventsExchange} topic exchange, as CloudEvents 1.0 in structured mode.`,
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: { rabbitmq: { host: broker.host, protocol: broker.protocol, description: 'RabbitMQ' } },
    channels,
    operations,
    components: { messages },
  };
}
