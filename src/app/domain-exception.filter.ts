import { Catch, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  DuplicateEventIdError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  InvalidStoreInputError,
  StoreFaultError,
  StoreUnavailableError,
  VersionConflictError,
} from '../event-store';
import { FieldTooLongError } from '../limits';
import {
  SchemaValidationError,
  UnknownEventTypeError,
  UnknownEventVersionError,
  describeIssues,
} from '../versioning';

type DomainError =
  | VersionConflictError
  | DuplicateEventIdError
  | IdempotencyKeyReusedError
  | InvalidCursorError
  | StoreUnavailableError
  | InvalidStoreInputError
  | StoreFaultError
  | SchemaValidationError
  | UnknownEventTypeError
  | UnknownEventVersionError
  | FieldTooLongError;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

interface HttpAnswer {
  readonly status: number;
  readonly message: string | string[];
  readonly extra?: object;
  readonly headers?: Record<string, string>;
}

/** The answers to the store's own failures: none of them carries the driver's text. */
function storeFailureToHttp(
  error: StoreUnavailableError | InvalidStoreInputError | StoreFaultError,
): HttpAnswer {
  if (error instanceof StoreUnavailableError) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      message: error.message,
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof InvalidStoreInputError)
    return { status: HttpStatus.UNPROCESSABLE_ENTITY, message: error.message };
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
}

/** The HTTP answer to each domain error: status, the extra fields of its body, and headers. */
function toHttp(error: DomainError): HttpAnswer {
  if (
    error instanceof StoreUnavailableError ||
    error instanceof InvalidStoreInputError ||
    error instanceof StoreFaultError
  ) {
    return storeFailureToHttp(error);
  }
  if (error instanceof VersionConflictError) {
    return {
      status: HttpStatus.CONFLICT,
      message: error.message,
      extra: { currentVersion: error.currentVersion },
    };
  }
  if (error instanceof DuplicateEventIdError) return { status: HttpStatus.CONFLICT, message: error.message };
  if (error instanceof IdempotencyKeyReusedError)
    return { status: HttpStatus.UNPROCESSABLE_ENTITY, message: error.message };
  if (error instanceof SchemaValidationError)
    return { status: HttpStatus.BAD_REQUEST, message: describeIssues(error.issues) };
  return { status: HttpStatus.BAD_REQUEST, message: error.message };
}

/**
 * Maps domain errors to HTTP in one place, in Nest's error shape
 * `{ statusCode, error, message }` (plus `currentVersion` on a version conflict). A store that is
 * unavailable answers 503 with `Retry-After`; a value the store refuses for good 422; an
 * unrecognised store failure 500, its detail logged and never sent.
 */
@Catch(
  VersionConflictError,
  DuplicateEventIdError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  StoreUnavailableError,
  InvalidStoreInputError,
  StoreFaultError,
  SchemaValidationError,
  UnknownEventTypeError,
  UnknownEventVersionError,
  FieldTooLongError,
)
export class DomainExceptionFilter implements ExceptionFilter<DomainError> {
  private readonly logger = new Logger(DomainExceptionFilter.name);

  catch(error: DomainError, host: ArgumentsHost): void {
    const { status, message, extra, headers = {} } = toHttp(error);
    if (error instanceof StoreFaultError) this.logger.error(`${error.message}: ${error.detail}`, error.stack);
    else if (status >= 500) this.logger.error(causeText(error));
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply
      .headers(headers)
      .status(status)
      .send({ statusCode: status, error: STATUS_TEXT[status], message, ...extra });
  }
}

/** The message with the driver's detail behind it, for the server log. */
function causeText(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
