import { Catch, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  DuplicateEventIdError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  StoreUnavailableError,
  VersionConflictError,
} from '../event-store';
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
  | SchemaValidationError
  | UnknownEventTypeError
  | UnknownEventVersionError;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  503: 'Service Unavailable',
};

/** The HTTP answer to each domain error: status and the extra fields of its body. */
function toHttp(error: DomainError): { status: number; message: string | string[]; extra?: object } {
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
  if (error instanceof StoreUnavailableError)
    return { status: HttpStatus.SERVICE_UNAVAILABLE, message: error.message };
  if (error instanceof SchemaValidationError)
    return { status: HttpStatus.BAD_REQUEST, message: describeIssues(error.issues) };
  return { status: HttpStatus.BAD_REQUEST, message: error.message };
}

/**
 * Maps domain errors to HTTP in one place, in Nest's error shape
 * `{ statusCode, error, message }` (plus `currentVersion` on a version conflict).
 */
@Catch(
  VersionConflictError,
  DuplicateEventIdError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  StoreUnavailableError,
  SchemaValidationError,
  UnknownEventTypeError,
  UnknownEventVersionError,
)
export class DomainExceptionFilter implements ExceptionFilter<DomainError> {
  private readonly logger = new Logger(DomainExceptionFilter.name);

  catch(error: DomainError, host: ArgumentsHost): void {
    const { status, message, extra } = toHttp(error);
    if (status >= 500) this.logger.error(error.message);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(status).send({ statusCode: status, error: STATUS_TEXT[status], message, ...extra });
  }
}
