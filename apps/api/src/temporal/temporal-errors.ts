// Temporal client errors → API errors, in one place. The update validators' refusals carry an
// ApplicationFailure type from DECISION_ERRORS; each maps to exactly one status.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DECISION_ERRORS, type DecisionErrorType } from '@hpc/workflows/contracts/messages';
import type { FieldError } from '@hpc/workflows/domain';
import { Logger } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/errors';
import { currentRequestId } from './request-id';

const logger = new Logger('Temporal');

const DECISION_ERROR_CODES: Record<DecisionErrorType, ErrorCode> = {
  TaskNotOpen: ErrorCode.TaskNotOpen,
  UnknownTask: ErrorCode.NotFound,
  DecisionNotAllowed: ErrorCode.ValidationFailed,
  InvalidDecisionData: ErrorCode.ValidationFailed,
  Forbidden: ErrorCode.Forbidden,
  WindowClosed: ErrorCode.Conflict,
  Conflict: ErrorCode.Conflict,
};

function isDecisionError(type: string | undefined | null): type is DecisionErrorType {
  return !!type && Object.prototype.hasOwnProperty.call(DECISION_ERRORS, type);
}

/** Field messages (`data.coordinatorName is required`) as the 400 body's message list. */
export function fieldMessages(errors: readonly FieldError[]): string[] {
  return errors.map((e) => e.message);
}

function unwrapApplicationFailure(err: unknown): ApplicationFailure | null {
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur; i++) {
    if (cur instanceof ApplicationFailure) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return null;
}

/** Translate an error from a Temporal call about `processId` into an AppException (or rethrow as is). */
export function toAppException(err: unknown, processId: string): Error {
  if (err instanceof AppException) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    const failure = unwrapApplicationFailure(err);
    if (failure && isDecisionError(failure.type)) {
      const details = failure.details?.[0];
      const code = DECISION_ERROR_CODES[failure.type];
      if (failure.type === 'InvalidDecisionData' || failure.type === 'DecisionNotAllowed') {
        const list = Array.isArray(details) ? (details as FieldError[]) : [];
        return new AppException(code, list.length ? fieldMessages(list) : [failure.message], 400, { fields: list });
      }
      return new AppException(code, failure.message, undefined, details && typeof details === 'object' ? (details as Record<string, unknown>) : undefined);
    }
    return new AppException(ErrorCode.Conflict, failure?.message ?? err.message);
  }
  if (err instanceof WorkflowNotFoundError) {
    return new AppException(ErrorCode.Conflict, `process ${processId} is not running`);
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return AppException.conflict(`process ${processId} is already open`);
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return unavailable('the workflow service did not answer in time; retry with the same Idempotency-Key', err, processId);
  }
  // Anything else from a Temporal call (down, slow, refused, misconfigured): a plain 503, never a bare 500.
  const message = err instanceof Error ? err.message : String(err);
  const causeMessage = (err as { cause?: { message?: string } }).cause?.message ?? '';
  if (/search attribute/i.test(`${message} ${causeMessage}`)) {
    return unavailable("the workflow service is misconfigured (its namespace lacks HPC Flow's search attributes; the API log names the commands that fix it)", err, processId);
  }
  return unavailable('the workflow service is unavailable; retry shortly', err, processId);
}

/** 503 with the request id in the message and details; the cause goes to the log under the same id. */
function unavailable(message: string, err: unknown, processId: string): AppException {
  const requestId = currentRequestId();
  const cause = err instanceof Error ? `${err.message}${(err as { cause?: Error }).cause ? `: ${(err as { cause?: Error }).cause?.message}` : ''}` : String(err);
  logger.error(`request ${requestId ?? '-'}: Temporal call about ${processId} failed: ${cause}`);
  return new AppException(
    ErrorCode.DependencyUnavailable,
    requestId ? `${message} (request id ${requestId})` : message,
    503,
    requestId ? { requestId } : undefined,
  );
}
