// THE list of processes. The worker (workflows + activities), the API (start, validation, references), the
// console (start forms, labels), the replay test and the schedules all read it. Adding a process = one folder
// + one line here (+ its translations).
import type { FieldError, ProcessDefinition } from '../domain/definitions/types';
import { validateDefinitionInput } from '../domain/definitions';
import type { Role } from '../domain/roles';
import { clusterActivation } from './cluster-activation';
import { transitionReview } from './transition-review';
import { hpcCycle } from './hpc-cycle';
import { hrpProject } from './hrp-project';
import { pooledFundAllocation } from './pooled-fund-allocation';
import { grantProposal } from './grant-proposal';
import { ccpmRound } from './ccpm-round';
import { recurringDuty } from './recurring-duty';
import type { ProcessModule } from './types';

export const PROCESSES: readonly ProcessModule<any>[] = [clusterActivation, transitionReview, hpcCycle, hrpProject, pooledFundAllocation, grantProposal, ccpmRound, recurringDuty];

export * from './types';
export { clusterActivation, clusterActivationDefinition, clusterActivationId, CLUSTER_ACTIVATION, IASC_CRITERIA_MESSAGE, sectorLabel, type ClusterActivationInput } from './cluster-activation';
export { transitionReview, transitionReviewDefinition, transitionReviewId, TRANSITION_REVIEW, type TransitionReviewInput } from './transition-review';
export { hpcCycle, hpcCycleId, HPC_CYCLE, HPC_PHASES, PHASE_STEPS, phaseSequence, phaseAfter, type HpcCycleInput, type HpcCaseState, type HpcPhase } from './hpc-cycle';
export { hrpProject, hrpProjectId, HRP_PROJECT, type HrpProjectInput } from './hrp-project';
export { pooledFundAllocation, pooledFundAllocationId, POOLED_FUND_ALLOCATION, type PooledFundAllocationInput } from './pooled-fund-allocation';
export { grantProposal, grantProposalId, GRANT_PROPOSAL, type GrantProposalInput } from './grant-proposal';
export { ccpmRound, ccpmRoundId, CCPM_ROUND, type CcpmRoundInput } from './ccpm-round';
export { recurringDuty, recurringDutyId, RECURRING_DUTY, DUTIES, dutiesOf, type RecurringDutyInput } from './recurring-duty';

export const PROCESS_TYPES: readonly string[] = PROCESSES.map((p) => p.type);

/** Current definitions by type (what new cases run and what the console draws by default). */
export const PROCESS_DEFINITIONS: Readonly<Record<string, ProcessDefinition>> = Object.fromEntries(PROCESSES.map((p) => [p.type, p.definition]));

/** Processes registered beside the product's list: only test bundles do this (fixture processes of each step kind). */
const registered: ProcessModule<any>[] = [];

export function registerProcess(module: ProcessModule<any>): void {
  if (getProcess(module.type)) throw new Error(`process type "${module.type}" is already known`);
  registered.push(module);
}

export function getProcess(type: string): ProcessModule<any> | undefined {
  return PROCESSES.find((p) => p.type === type) ?? registered.find((p) => p.type === type);
}

/** A process's definition: the current one, or the version a running case started with. */
export function getDefinition(type: string, version?: number | null): ProcessDefinition | undefined {
  const p = getProcess(type);
  if (!p) return undefined;
  if (version === undefined || version === null || version === p.definition.version) return p.definition;
  return p.previousDefinitions?.find((d) => d.version === version);
}

/** Validate a start's input: the definition's fields, then the process's own rules (which replace the field messages beneath them). */
export function validateProcessInput(type: string, input: unknown, nowMs?: number): FieldError[] {
  const p = getProcess(type);
  if (!p) return [{ field: 'type', message: `type must be one of the following values: ${PROCESS_TYPES.join(', ')}` }];
  const errors = validateDefinitionInput(p.definition, input, { nowMs });
  if (errors.some((e) => e.field === 'input') || !p.validateInput) return errors;
  const own = p.validateInput(input as never);
  const replaced = errors.filter((e) => !own.some((o) => e.field === o.field || e.field.startsWith(`${o.field}.`)));
  return [...replaced, ...own];
}

/** May someone holding these roles start this process through the API? (scope is checked by the API) */
export function canStart(type: string, roles: readonly string[]): boolean {
  const p = getProcess(type);
  return !!p && !p.systemOnly && p.definition.startRoles.some((r: Role) => roles.includes(r));
}
