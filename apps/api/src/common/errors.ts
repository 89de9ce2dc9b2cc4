// One error type for the whole API: a code from this enum, mapped to an HTTP status in exactly one place.
import { HttpException } from '@nestjs/common';

export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  BadRequest = 'BAD_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  TaskNotOpen = 'TASK_NOT_OPEN',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  RateLimited = 'RATE_LIMITED',
  DependencyUnavailable = 'DEPENDENCY_UNAVAILABLE',
  Internal = 'INTERNAL',
}

/** Exhaustive: adding a code without a status is a compile error. */
export const ERROR_CODE_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.TaskNotOpen]: 409,
  [ErrorCode.IdempotencyKeyReused]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.DependencyUnavailable]: 503,
  [ErrorCode.Internal]: 500,
};

/** The response body every error has: `{ statusCode, error, message, code?, details? }`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
  details?: Record<string, unknown>;
}

export class AppException extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string | string[],
    status: number = ERROR_CODE_STATUS[code],
    readonly details?: Record<string, unknown>,
  ) {
    super({ message }, status);
  }

  static notFound(resource: string, id: string): AppException {
    return new AppException(ErrorCode.NotFound, `${resource} ${id} not found`);
  }

  static validation(messages: string | string[], details?: Record<string, unknown>): AppException {
    return new AppException(ErrorCode.ValidationFailed, Array.isArray(messages) ? messages : [messages], 400, details);
  }

  static forbidden(message: string): AppException {
    return new AppException(ErrorCode.Forbidden, message);
  }

  static conflict(message: string, details?: Record<string, unknown>): AppException {
    return new AppException(ErrorCode.Conflict, message, 409, details);
  }
}
