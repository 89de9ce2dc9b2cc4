// Bundled into the reconciliation's replay only (never into the worker): hands every projection batch the
// workflow code produces to the reconciler, which writes the missing ones with the real projection.
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface ReconcileSinks extends Sinks {
  reconcile: { batch(activityType: string, batch: unknown): void };
}

const { reconcile } = proxySinks<ReconcileSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      // The projection is a regular activity (scheduled once its workflow task is committed); cases whose history
      // predates that replay it as the local activity they ran.
      scheduleActivity(input, next) {
        if (input.activityType === 'project') reconcile.batch(input.activityType, input.args[0]);
        return next(input);
      },
      scheduleLocalActivity(input, next) {
        if (input.activityType === 'project') reconcile.batch(input.activityType, input.args[0]);
        return next(input);
      },
    },
  ],
});
