import { BadRequestException, type ValidationError } from '@nestjs/common';

/**
 * Flattens class-validator's error tree into field errors that start with the JSON Pointer of
 * the field: `"/events/0/type must be a string"`, matching the catalog's data errors.
 */
export function toFieldErrors(errors: readonly ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${parent}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map(
      (text) => `${path} ${stripProperty(text, error.property)}`,
    );
    return own.concat(toFieldErrors(error.children ?? [], path));
  });
}

/** class-validator starts its messages with the property name; the path already says it. */
function stripProperty(text: string, property: string): string {
  return text.startsWith(`${property} `) ? text.slice(property.length + 1) : text;
}

/** The global ValidationPipe's exception: 400 with one message per field, each naming its path. */
export const validationExceptionFactory = (errors: ValidationError[]) =>
  new BadRequestException(toFieldErrors(errors));
