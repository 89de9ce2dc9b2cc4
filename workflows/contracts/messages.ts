// The messages every HPC Flow process workflow handles (wire name = const name minus its suffix).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/actor';
import type { FieldError } from '../domain/definitions/types';
import type { ProcessSnapshot, ProcessView, TaskView } from '../domain/views';

export interface DecideRequest {
  taskId: string;
  decision: string;
  comment?: string;
  data?: Record<string, unknown>;
  /** The verified caller (from the token, never the request body). */
  actor: Actor;
}

export interface DecideResult {
  task: TaskView;
  process: ProcessView;
}

export interface CancelRequest {
  reason: string;
  actor: Actor;
}

export const decideUpdate = defineUpdate<DecideResult, [DecideRequest]>('decide');
export const cancelUpdate = defineUpdate<ProcessView, [CancelRequest]>('cancel');
export const stateQuery = defineQuery<ProcessSnapshot>('state');

/** `ApplicationFailure.type` of an update validator's refusal; the API maps each to an HTTP status. */
export const DECISION_ERRORS = {
  TaskNotOpen: 'TaskNotOpen',
  UnknownTask: 'UnknownTask',
  DecisionNotAllowed: 'DecisionNotAllowed',
  InvalidDecisionData: 'InvalidDecisionData',
  Forbidden: 'Forbidden',
} as const;
export type DecisionErrorType = (typeof DECISION_ERRORS)[keyof typeof DECISION_ERRORS];

export const DECISION_ERROR_STATUS: Record<DecisionErrorType, number> = {
  TaskNotOpen: 409,
  UnknownTask: 404,
  DecisionNotAllowed: 400,
  InvalidDecisionData: 400,
  Forbidden: 403,
};

/** `details[0]` of each refusal (ApplicationFailure.details). */
export interface TaskNotOpenDetails {
  taskId: string;
  status: 'decided' | 'cancelled';
  decidedBy: TaskView['decidedBy'];
  decidedAt: string | null;
}
export interface ForbiddenDetails {
  reason: 'role' | 'scope' | 'four-eyes';
  message: string;
}
export type InvalidDecisionDataDetails = FieldError[];
