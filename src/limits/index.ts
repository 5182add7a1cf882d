export { assertWithinLimit } from './attribute-limits';
export { FieldTooLongError } from './field-too-long.error';
export { JsonBoundsError, assertJsonBounds, stringProblem } from './json-bounds';
export { LIMITS, MAX_JSON_DEPTH, MAX_PARAM_LENGTH, utf8Bytes, type LimitedAttribute } from './limits';
export { MaxBytes } from './max-bytes.decorator';
