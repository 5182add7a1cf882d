import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { SchemaIssue } from './errors/catalog.errors';
import type { JsonSchema } from './event-type';

/** Compiles JSON Schemas (draft 2020-12, with formats) once and validates against them. */
export class SchemaCompiler {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, useDefaults: false });

  constructor() {
    addFormats(this.ajv);
  }

  /** @throws Error when the schema itself is invalid. */
  compile(schema: JsonSchema): ValidateFunction {
    return this.ajv.compile(schema);
  }
}

/** Ajv's errors as issues located under `prefix` (for example `/data`). */
export function toIssues(errors: readonly ErrorObject[] | null | undefined, prefix = ''): SchemaIssue[] {
  return (errors ?? []).map((error) => {
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      return { path: `${prefix}${error.instancePath}/${extra}`, message: 'is not allowed' };
    }
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { path: `${prefix}${error.instancePath}/${missing}`, message: 'is required' };
    }
    return { path: `${prefix}${error.instancePath}`, message: error.message ?? 'is invalid' };
  });
}
