import type { ValidateFunction } from 'ajv/dist/2020';
import { closeObjects } from './close-objects';
import {
  CatalogDefinitionError,
  SchemaValidationError,
  UnknownEventTypeError,
  UnknownEventVersionError,
} from './errors/catalog.errors';
import { EVENT_TYPE_PATTERN, type EventTypeDefinition, type JsonSchema } from './event-type';
import { SchemaCompiler, toIssues } from './schema-compiler';

interface RegisteredVersion {
  readonly version: number;
  readonly schema: JsonSchema;
  readonly example: unknown;
  readonly validate: ValidateFunction;
  readonly upcast?: (data: unknown) => unknown;
}

interface RegisteredType {
  readonly type: string;
  readonly description: string;
  readonly versions: ReadonlyMap<number, RegisteredVersion>;
  readonly latest: number;
}

/** Data brought to the latest version of its type. */
export interface Upcast {
  readonly dataversion: number;
  readonly data: unknown;
}

/** A summary of one type for `GET /schemas`. */
export interface CatalogEntry {
  readonly type: string;
  readonly description: string;
  readonly versions: number[];
  readonly latest: number;
}

/**
 * Every event type Herald knows, each version with its compiled schema, and the upcaster chains
 * that bring old versions to the latest. A registration with a gap in its chain is refused, so a
 * process never starts with a version it cannot read.
 */
export class EventCatalog {
  private readonly types = new Map<string, RegisteredType>();

  constructor(private readonly compiler = new SchemaCompiler()) {}

  /** @throws CatalogDefinitionError naming the type and versions at fault. */
  register(definition: EventTypeDefinition): void {
    const { type } = definition;
    if (!EVENT_TYPE_PATTERN.test(type)) {
      throw new CatalogDefinitionError(`event type ${JSON.stringify(type)} is not a dotted lower-case name`);
    }
    if (this.types.has(type)) throw new CatalogDefinitionError(`event type ${type} is registered twice`);
    const numbers = definition.versions.map((v) => v.version).sort((a, b) => a - b);
    const latest = numbers.at(-1);
    if (latest === undefined) throw new CatalogDefinitionError(`event type ${type} has no versions`);
    numbers.forEach((version, i) => {
      if (version !== i + 1) {
        throw new CatalogDefinitionError(
          `event type ${type}: versions must run 1..${latest} without gaps; found ${numbers.join(', ')}`,
        );
      }
    });
    const versions = new Map<number, RegisteredVersion>();
    for (const { version, schema, example, upcast } of definition.versions) {
      if (version < latest && upcast === undefined) {
        throw new CatalogDefinitionError(
          `event type ${type}: version ${version} has no upcaster to version ${version + 1}, so it cannot reach the latest version ${latest}`,
        );
      }
      const closed = closeObjects(schema);
      let validate: ValidateFunction;
      try {
        validate = this.compiler.compile(closed);
      } catch (error) {
        throw new CatalogDefinitionError(
          `event type ${type} v${version}: bad schema: ${(error as Error).message}`,
        );
      }
      if (!validate(example)) {
        throw new CatalogDefinitionError(
          `event type ${type} v${version}: its example does not match its schema`,
        );
      }
      versions.set(version, { version, schema: closed, example, validate, upcast });
    }
    this.types.set(type, { type, description: definition.description, versions, latest });
  }

  /** Every registered type, sorted by name. */
  entries(): CatalogEntry[] {
    return [...this.types.values()]
      .sort((a, b) => a.type.localeCompare(b.type))
      .map(({ type, description, versions, latest }) => ({
        type,
        description,
        versions: [...versions.keys()].sort((a, b) => a - b),
        latest,
      }));
  }

  /** @throws UnknownEventTypeError */
  latest(type: string): number {
    return this.typeOf(type).latest;
  }

  /** The schema and example of one version. @throws UnknownEventTypeError | UnknownEventVersionError */
  version(type: string, version: number): { schema: JsonSchema; example: unknown } {
    const { schema, example } = this.versionOf(type, version);
    return { schema, example };
  }

  /**
   * Checks data against the schema of (type, version).
   * @throws UnknownEventTypeError | UnknownEventVersionError | SchemaValidationError (paths under `/data`)
   */
  validate(type: string, version: number, data: unknown, pathPrefix = '/data'): void {
    const { validate } = this.versionOf(type, version);
    if (!validate(data))
      throw new SchemaValidationError(`data of ${type} v${version}`, toIssues(validate.errors, pathPrefix));
  }

  /** Brings data of (type, version) to the latest version through the upcaster chain, validating the result. */
  upcast(type: string, version: number, data: unknown): Upcast {
    const registered = this.typeOf(type);
    let current = data;
    for (let v = version; v < registered.latest; v++) {
      current = (this.versionOf(type, v).upcast as (data: unknown) => unknown)(current);
    }
    this.validate(type, registered.latest, current);
    return { dataversion: registered.latest, data: current };
  }

  private typeOf(type: string): RegisteredType {
    const registered = this.types.get(type);
    if (registered === undefined) throw new UnknownEventTypeError(type);
    return registered;
  }

  private versionOf(type: string, version: number): RegisteredVersion {
    const registered = this.typeOf(type);
    const found = registered.versions.get(version);
    if (found === undefined)
      throw new UnknownEventVersionError(type, version, [...registered.versions.keys()]);
    return found;
  }
}
