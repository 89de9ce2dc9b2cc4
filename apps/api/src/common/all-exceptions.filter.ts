// The one exception filter: every error leaves the API as ErrorBody, never with a stack trace or SQL.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppException, ErrorCode, type ErrorBody } from './errors';
import { RequestBodyRejected } from './input-guards';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Unique / foreign-key constraint names → the API field they protect, for messages that name it. */
const CONSTRAINT_FIELDS: Record<string, string> = {
  users_username_key: 'username',
  operations_name_key: 'name',
  organisations_name_key: 'name',
  clusters_operation_sector_key: 'sector',
  users_organisation_id_fkey: 'organisationId',
  clusters_operation_id_fkey: 'operationId',
  clusters_parent_cluster_id_fkey: 'parentClusterId',
};

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
}

const DATABASE_UNAVAILABLE = { status: 503, code: ErrorCode.DependencyUnavailable, message: 'the database is unavailable; retry shortly' };

/** PostgreSQL restarting, refusing connections or out of connections: the request may be retried, so 503 not 500. */
function isDatabaseUnavailable(err: PgError & { message?: string }): boolean {
  const code = err.code ?? '';
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return true;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE') return true;
  return /Connection terminated|timeout exceeded when trying to connect/i.test(err.message ?? '');
}

/** Map a PostgreSQL error to an API error, or null when it is a server fault. */
export function mapDatabaseError(err: PgError): { status: number; code: ErrorCode; message: string } | null {
  const field = (err.constraint && CONSTRAINT_FIELDS[err.constraint]) ?? (err.column ? camel(err.column) : undefined);
  switch (err.code) {
    case '23505': // unique_violation
      return { status: 409, code: ErrorCode.Conflict, message: field ? `${field} already exists` : 'a record with these values already exists' };
    case '23503': // foreign_key_violation
      return { status: 400, code: ErrorCode.ValidationFailed, message: field ? `${field} does not reference an existing record` : 'a referenced record does not exist' };
    case '23502': // not_null_violation
      return { status: 400, code: ErrorCode.ValidationFailed, message: field ? `${field} is required` : 'a required value is missing' };
    case '23514': // check_violation
      return { status: 400, code: ErrorCode.ValidationFailed, message: field ? `${field} has a value that is not allowed` : 'a value is not allowed' };
    case '22P02': // invalid_text_representation (e.g. a malformed uuid)
      return { status: 400, code: ErrorCode.ValidationFailed, message: 'a value has an invalid format' };
    case '22021': // character_not_in_repertoire (a NUL byte that got past the edge)
      return { status: 400, code: ErrorCode.ValidationFailed, message: field ? `${field} must not contain control characters (U+0000)` : 'a value must not contain control characters (U+0000)' };
    case '22003': // numeric_value_out_of_range
      return { status: 400, code: ErrorCode.ValidationFailed, message: field ? `${field} is out of range` : 'a number is out of range' };
    default:
      return isDatabaseUnavailable(err) ? DATABASE_UNAVAILABLE : null;
  }
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    }
    if (res.headersSent) return;
    // A route may have set its success headers already (a CSV download's Content-Type and Content-Disposition):
    // an error is always the JSON error body the spec declares, never a file (found by fuzzing: CSV-typed 400s).
    res.removeHeader('Content-Disposition');
    res.status(body.statusCode).type('application/json').json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message: string | string[] = exception.message;
      if (typeof response === 'object' && response !== null && 'message' in response) {
        message = (response as { message: string | string[] }).message;
      } else if (typeof response === 'string') {
        message = response;
      }
      const body: ErrorBody = { statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message };
      if (exception instanceof AppException) {
        body.code = exception.code;
        if (exception.details) body.details = exception.details;
      } else if (status === HttpStatus.BAD_REQUEST) {
        body.code = ErrorCode.ValidationFailed;
      } else if (status === HttpStatus.TOO_MANY_REQUESTS) {
        body.code = ErrorCode.RateLimited;
        body.message = 'too many requests, try again later';
      }
      return body;
    }
    if (exception instanceof QueryFailedError) {
      const mapped = mapDatabaseError(exception.driverError as PgError);
      if (mapped) {
        return { statusCode: mapped.status, error: STATUS_TEXT[mapped.status], message: mapped.message, code: mapped.code };
      }
    }
    // the pool's own connection failures are not QueryFailedErrors
    if (exception instanceof Error && isDatabaseUnavailable(exception as PgError & Error)) {
      return { statusCode: 503, error: STATUS_TEXT[503], message: DATABASE_UNAVAILABLE.message, code: DATABASE_UNAVAILABLE.code };
    }
    // body-parser errors (malformed JSON, oversize, our depth check) carry a status but are not HttpExceptions
    const e = exception as { status?: number; type?: string; limit?: number; message?: string };
    if (exception instanceof RequestBodyRejected) {
      return { statusCode: 400, error: STATUS_TEXT[400], message: exception.message, code: ErrorCode.BadRequest };
    }
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      return { statusCode: e.status, error: STATUS_TEXT[e.status] ?? 'Error', message: bodyParserMessage(e), code: ErrorCode.BadRequest };
    }
    return { statusCode: 500, error: STATUS_TEXT[500], message: 'internal server error', code: ErrorCode.Internal };
  }
}

function bodyParserMessage(e: { status?: number; type?: string; limit?: number }): string {
  switch (e.type) {
    case 'entity.parse.failed':
      return 'request body is not valid JSON';
    case 'entity.too.large':
      return `request body must not be larger than ${e.limit} bytes`;
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'request body must be UTF-8 encoded';
    default:
      return STATUS_TEXT[e.status ?? 400] ?? 'bad request';
  }
}
