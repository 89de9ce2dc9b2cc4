// The golden cases of each process, by process type. A process listed in workflows/processes/index.ts
// without scenarios here cannot be captured (and the replay test fails for want of histories).
import { clusterActivationScenarios } from './cluster-activation';
import type { Scenario } from './support';
import { transitionReviewScenarios } from './transition-review';

export type { CaptureContext, Scenario } from './support';

export const SCENARIOS: Readonly<Record<string, readonly Scenario[]>> = {
  'cluster-activation': clusterActivationScenarios,
  'transition-review': transitionReviewScenarios,
};
