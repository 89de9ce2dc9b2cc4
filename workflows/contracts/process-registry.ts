// How the API starts each process type: workflow type, business id, who may start, start args.
import type { AuditActor } from '../domain/actor';
import type { Role } from '../domain/roles';
import type { DurationOverrides, ProcessDefinition } from '../domain/definitions/types';
import { clusterActivationDefinition } from '../domain/definitions/cluster-activation.definition';
import { transitionReviewDefinition } from '../domain/definitions/transition-review.definition';
import type { OperationType } from '../domain/reference';
import { clusterActivationId, transitionReviewId } from './workflow-ids';

export interface ClusterActivationInput {
  operationId: string;
  sector: string;
  leadAgency: string;
  coLeadAgency?: string | null;
  rationale: string;
  criteria: { responseGaps: boolean; nationalCapacityInsufficient: boolean };
}

export interface TransitionReviewInput {
  clusterId: string;
  /** ISO UTC; the anchor of the 90-day outline and the 3-month review. */
  activatedAt: string;
  operationType: OperationType;
  /** Filled from the cluster row by the workflow when absent. */
  operationId?: string | null;
  sector?: string | null;
}

/** The single argument of every process workflow. */
export interface ProcessStartArgs<I> {
  input: I;
  startedBy: AuditActor;
  /** Per-start overrides of the definition's due times / reminders / escalation, by step id. */
  durations?: DurationOverrides;
}

export interface ProcessRegistration<I = any> {
  type: string;
  /** Name of the exported workflow function. */
  workflowType: string;
  definition: ProcessDefinition;
  startRoles: readonly Role[];
  workflowId(input: I): string;
  /** `input` as the API received it (already validated with validateProcessInput). */
  buildStartArgs(input: I & { durations?: DurationOverrides }, startedBy: AuditActor): ProcessStartArgs<I>;
}

function splitDurations<I>(input: I & { durations?: DurationOverrides }, startedBy: AuditActor): ProcessStartArgs<I> {
  const { durations, ...rest } = input;
  return durations ? { input: rest as I, startedBy, durations } : { input: rest as I, startedBy };
}

export const PROCESS_REGISTRY: Readonly<Record<string, ProcessRegistration>> = {
  'cluster-activation': {
    type: 'cluster-activation',
    workflowType: 'clusterActivationWorkflow',
    definition: clusterActivationDefinition,
    startRoles: clusterActivationDefinition.startRoles,
    workflowId: (input: ClusterActivationInput) => clusterActivationId(input.operationId, input.sector),
    buildStartArgs: splitDurations,
  } satisfies ProcessRegistration<ClusterActivationInput>,
  'transition-review': {
    type: 'transition-review',
    workflowType: 'transitionReviewWorkflow',
    definition: transitionReviewDefinition,
    startRoles: transitionReviewDefinition.startRoles,
    workflowId: (input: TransitionReviewInput) => transitionReviewId(input.clusterId),
    buildStartArgs: splitDurations,
  } satisfies ProcessRegistration<TransitionReviewInput>,
};

export function getRegistration(type: string): ProcessRegistration | undefined {
  return Object.prototype.hasOwnProperty.call(PROCESS_REGISTRY, type) ? PROCESS_REGISTRY[type] : undefined;
}
