import { FieldTooLongError } from './field-too-long.error';
import { LIMITS, utf8Bytes, type LimitedAttribute } from './limits';

/**
 * Checks one attribute against {@link LIMITS}; `label` names where it came from when that is
 * not the attribute itself (for example the AMQP `correlationId` property).
 * @throws FieldTooLongError
 */
export function assertWithinLimit(
  attribute: LimitedAttribute,
  value: string,
  label: string = attribute,
): void {
  const max = LIMITS[attribute];
  if (value.length * 3 <= max) return;
  const bytes = utf8Bytes(value);
  if (bytes > max) throw new FieldTooLongError(label, max, bytes);
}
