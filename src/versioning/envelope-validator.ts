import type { ValidateFunction } from 'ajv/dist/2020';
import { LIMITS, utf8Bytes, type LimitedAttribute } from '../limits';
import { SchemaValidationError, type SchemaIssue } from './errors/catalog.errors';
import { CLOUDEVENT_INPUT_SCHEMA, ENVELOPE_SCHEMA } from './envelope.schema';
import { SchemaCompiler, toIssues } from './schema-compiler';

const LIMITED = Object.keys(LIMITS) as LimitedAttribute[];

/** Validates envelopes on the way in (posted CloudEvents) and on the way out (published ones). */
export class EnvelopeValidator {
  private readonly envelope: ValidateFunction;
  private readonly input: ValidateFunction;

  constructor(compiler = new SchemaCompiler()) {
    this.envelope = compiler.compile(ENVELOPE_SCHEMA);
    this.input = compiler.compile(CLOUDEVENT_INPUT_SCHEMA);
  }

  /** @throws SchemaValidationError */
  assertEnvelope(value: unknown): void {
    assertValid('envelope', this.envelope, value);
  }

  /** @throws SchemaValidationError */
  assertCloudEventInput(value: unknown): void {
    assertValid('CloudEvent', this.input, value);
  }
}

function assertValid(name: string, validate: ValidateFunction, value: unknown): void {
  const issues = validate(value) ? [] : toIssues(validate.errors);
  issues.push(...byteIssues(value, new Set(issues.map((issue) => issue.path))));
  if (issues.length > 0) throw new SchemaValidationError(name, issues);
}

/** The attributes over their limit in UTF-8 bytes ({@link LIMITS}), beyond those already flagged. */
function byteIssues(value: unknown, flagged: ReadonlySet<string>): SchemaIssue[] {
  if (typeof value !== 'object' || value === null) return [];
  const attributes = value as Record<string, unknown>;
  return LIMITED.flatMap((name) => {
    const attribute = attributes[name];
    const path = `/${name}`;
    if (typeof attribute !== 'string' || flagged.has(path) || utf8Bytes(attribute) <= LIMITS[name]) return [];
    return [{ path, message: `must not be longer than ${LIMITS[name]} bytes in UTF-8` }];
  });
}
