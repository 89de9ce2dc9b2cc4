// The messages every HPC Flow process workflow handles (wire name = const name minus its suffix).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
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

/** A submission into an open window: a proposal, a project, a survey answer. */
export interface SubmitRequest {
  kind: string;
  data: Record<string, unknown>;
  /** The submitting user; absent for anonymous kinds (the API authorised them and sends only `anonymousKey`). */
  actor?: Actor;
  /** Anonymous kinds: a keyed hash of (round, organisation, level) computed by the API, for deduplication only. */
  anonymousKey?: string;
}

export interface SubmitResult {
  submissionId: string;
  /** A replaced earlier submission of the same organisation (and level). */
  replaced: boolean;
  /** The child case started for it, if the kind starts one. */
  childProcessId: string | null;
  process: ProcessView;
}

/** A case-level action (e.g. `call-review`). */
export interface ActRequest {
  action: string;
  comment?: string;
  actor: Actor;
}

export interface RetryIncidentRequest {
  actor: Actor;
  comment?: string;
}

/** Sent by a child case to its parent when it ends. */
export interface ChildEnded {
  processId: string;
  type: string;
  outcome: string;
  status: 'completed' | 'cancelled';
}

/** Sent by a child case to its parent when it passes a named milestone (DecisionSpec.milestone). */
export interface ChildProgress {
  processId: string;
  type: string;
  milestone: string;
  at: string;
}

/** A child claims an amount from a ledger of its parent (DecisionSpec.claims); answered by `claimAnswer`. */
export interface ClaimRequest {
  claimId: string;
  processId: string;
  ledger: string;
  key: string | null;
  amountUsd: string;
}

export interface ClaimAnswer {
  claimId: string;
  ok: boolean;
  /** Why the parent refused (the 409's message). */
  message: string | null;
}

export const decideUpdate = defineUpdate<DecideResult, [DecideRequest]>('decide');
export const cancelUpdate = defineUpdate<ProcessView, [CancelRequest]>('cancel');
export const submitUpdate = defineUpdate<SubmitResult, [SubmitRequest]>('submit');
export const actUpdate = defineUpdate<ProcessView, [ActRequest]>('act');
export const retryIncidentUpdate = defineUpdate<ProcessView, [RetryIncidentRequest]>('retryIncident');
export const childEndedSignal = defineSignal<[ChildEnded]>('childEnded');
export const childProgressSignal = defineSignal<[ChildProgress]>('childProgress');
export const claimSignal = defineSignal<[ClaimRequest]>('claim');
export const claimAnswerSignal = defineSignal<[ClaimAnswer]>('claimAnswer');
export const stateQuery = defineQuery<ProcessSnapshot>('state');

/** `ApplicationFailure.type` of an update validator's refusal; the API maps each to an HTTP status. */
export const DECISION_ERRORS = {
  TaskNotOpen: 'TaskNotOpen',
  UnknownTask: 'UnknownTask',
  DecisionNotAllowed: 'DecisionNotAllowed',
  InvalidDecisionData: 'InvalidDecisionData',
  Forbidden: 'Forbidden',
  WindowClosed: 'WindowClosed',
  Conflict: 'Conflict',
} as const;
export type DecisionErrorType = (typeof DECISION_ERRORS)[keyof typeof DECISION_ERRORS];

export const DECISION_ERROR_STATUS: Record<DecisionErrorType, number> = {
  TaskNotOpen: 409,
  UnknownTask: 404,
  DecisionNotAllowed: 400,
  InvalidDecisionData: 400,
  Forbidden: 403,
  WindowClosed: 409,
  Conflict: 409,
};

/** `details[0]` of each refusal (ApplicationFailure.details). */
export interface TaskNotOpenDetails {
  taskId: string;
  status: 'decided' | 'cancelled';
  decidedBy: TaskView['decidedBy'];
  decidedAt: string | null;
}
export interface ForbiddenDetails {
  reason: 'role' | 'scope' | 'four-eyes' | 'recusal' | 'lead-agency' | 'assignee';
  message: string;
}
export type InvalidDecisionDataDetails = FieldError[];
