// Workflow ids are business ids: one open case per subject, and the API finds a case by its id.

export function clusterActivationId(operationId: string, sector: string): string {
  return `cluster-activation:${operationId}:${sector}`;
}

export function transitionReviewId(clusterId: string): string {
  return `transition-review:${clusterId}`;
}

/** Task ids: `<processId>/<stepId>/<n>`, n counting openings of the step in the case from 1. */
export function taskId(processId: string, stepId: string, n: number): string {
  return `${processId}/${stepId}/${n}`;
}

/** The process id a task id belongs to (process ids contain ':' but never '/'). */
export function processIdOfTask(id: string): string | null {
  const parts = id.split('/');
  if (parts.length !== 3 || !parts[0] || !parts[1] || !/^\d+$/.test(parts[2])) return null;
  return parts[0];
}
