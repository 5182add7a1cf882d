import type { ValidateFunction } from 'ajv/dist/2020';
import { SchemaValidationError } from './errors/catalog.errors';
import { CLOUDEVENT_INPUT_SCHEMA, ENVELOPE_SCHEMA } from './envelope.schema';
import { SchemaCompiler, toIssues } from './schema-compiler';

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
    if (!this.envelope(value)) throw new SchemaValidationError('envelope', toIssues(this.envelope.errors));
  }

  /** @throws SchemaValidationError */
  assertCloudEventInput(value: unknown): void {
    if (!this.input(value)) throw new SchemaValidationError('CloudEvent', toIssues(this.input.errors));
  }
}
