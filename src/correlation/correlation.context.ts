import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';

/**
 * The correlation id of the work in progress (an HTTP request now; a consumed message once
 * handlers exist), read from the async-local context opened at the entry point.
 */
@Injectable()
export class CorrelationContext {
  constructor(private readonly cls: ClsService) {}

  /** The current correlation id, or undefined outside any request or message. */
  get correlationId(): string | undefined {
    return this.cls.isActive() ? this.cls.getId() : undefined;
  }
}
