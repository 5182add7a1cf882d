/** One way in which data does not match its schema, located by a JSON Pointer. */
export interface SchemaIssue {
  /** JSON Pointer into the validated document, e.g. `/data/items/0/quantity`. */
  readonly path: string;
  readonly message: string;
}

/** Renders issues as the field errors of an HTTP 400 body: `"/data/items/0/quantity must be number"`. */
export const describeIssues = (issues: readonly SchemaIssue[]): string[] =>
  issues.map(({ path, message }) => `${path || '/'} ${message}`);

/** No event type of that name is registered. HTTP 400; a poison message on a queue. */
export class UnknownEventTypeError extends Error {
  readonly code = 'versioning.unknown-type';

  constructor(readonly type: string) {
    super(`unknown event type ${JSON.stringify(type)}`);
    this.name = 'UnknownEventTypeError';
  }
}

/** The type exists but not at that version. HTTP 400; a poison message on a queue. */
export class UnknownEventVersionError extends Error {
  readonly code = 'versioning.unknown-version';

  constructor(
    readonly type: string,
    readonly version: number,
    readonly known: readonly number[],
  ) {
    super(`event type ${type} has no version ${version} (known: ${known.join(', ')})`);
    this.name = 'UnknownEventVersionError';
  }
}

/** Data (or an envelope) does not match its schema. HTTP 400 with the issues; a poison message. */
export class SchemaValidationError extends Error {
  readonly code = 'versioning.invalid';

  constructor(
    readonly subjectName: string,
    readonly issues: readonly SchemaIssue[],
  ) {
    super(`${subjectName} is invalid: ${describeIssues(issues).join('; ')}`);
    this.name = 'SchemaValidationError';
  }
}

/** The catalog as registered cannot work (a gap in an upcaster chain, a bad schema). Stops the boot. */
export class CatalogDefinitionError extends Error {
  readonly code = 'versioning.bad-definition';

  constructor(message: string) {
    super(message);
    this.name = 'CatalogDefinitionError';
  }
}
