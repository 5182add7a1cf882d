import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { utf8Bytes } from './limits';

/** A class-validator rule: the string is at most `max` bytes long in UTF-8. */
export function MaxBytes(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxBytes',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || utf8Bytes(value) <= max,
        defaultMessage: buildMessage(
          (each) => `${each}$property must not be longer than ${max} bytes in UTF-8`,
          options,
        ),
      },
    },
    options,
  );
}
