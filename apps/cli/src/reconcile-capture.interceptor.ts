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
      scheduleLocalActivity(input, next) {
        if (input.activityType === 'project') reconcile.batch(input.activityType, input.args[0]);
        return next(input);
      },
    },
  ],
});
