// PROCESSES.md §2: the 90-day outline, the architecture review, the yearly review loop (one run per
// year: continue-as-new after each `continue`), handover and deactivation.
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import { transitionReviewDefinition as definition } from '../domain/definitions/transition-review.definition';
import { nextSteps } from '../domain/definitions';
import type { HpcActivities } from '../contracts/activities';
import type { ProcessStartArgs, TransitionReviewInput } from '../contracts/process-registry';
import { ProcessRuntime, type EngineState, type OpenOptions, type TaskRecord } from '../engine/process-runtime';

const { getCluster } = proxyActivities<HpcActivities>({ startToCloseTimeout: '30 seconds' });

/** Steps whose decision leads nowhere the main line waits on (run beside it). */
const SIDE_STEPS = new Set(['erc-annual-report']);
const REVIEW_STEPS = new Set(['architecture-review', 'annual-review']);

export interface TransitionReviewArgs extends ProcessStartArgs<TransitionReviewInput> {
  /** Set by continue-as-new: the engine state of the previous run. */
  carried?: EngineState;
  /** Which yearly run this is (1 = the first). */
  run?: number;
}

export async function transitionReviewWorkflow(args: TransitionReviewArgs): Promise<{ processId: string; outcome: string }> {
  const { input } = args;
  const rt = new ProcessRuntime({
    definition,
    title: `Transition review: ${input.sector ?? input.clusterId}`,
    subject: {
      operationId: input.operationId ?? null,
      sector: input.sector ?? null,
      clusterId: input.clusterId,
      activatedAt: input.activatedAt,
      operationType: input.operationType,
    },
    input: { ...input },
    startedBy: args.startedBy,
    durations: args.durations,
    carried: args.carried,
  });

  return rt.run(async () => {
    let main: TaskRecord | undefined;
    if (!args.carried) {
      if (!input.operationId || !input.sector) {
        const cluster = await getCluster(input.clusterId);
        if (!cluster) throw new Error(`cluster ${input.clusterId} not found`);
        rt.updateSubject({ operationId: cluster.operationId, sector: cluster.sector });
        rt.state.title = `Transition review: ${cluster.sector}`;
      }
      rt.started();
      main = rt.open('transition-outline', { anchor: input.activatedAt });
    } else {
      // A new yearly run: pick the carried tasks up where the previous run left them.
      const carried = rt.resumableTasks();
      main = carried.find((t) => !SIDE_STEPS.has(t.stepId));
      for (const t of carried) if (SIDE_STEPS.has(t.stepId)) void rt.waitForBranch(t);
    }
    if (!main) throw new Error('transition review has no open step to wait for');

    let targetDate: string | null = null;
    for (;;) {
      const task = await rt.waitFor(main);
      const decision = task.decision as string;
      const transition = nextSteps(definition, task.stepId, decision);

      if (task.stepId === 'handover-plan') targetDate = String(task.data?.targetDate);
      if (transition.end !== null) {
        if (transition.end === 'deactivated') {
          await rt.setClusterStatus('deactivated', { actor: task.decidedBy ?? undefined });
          const s = rt.state.subject;
          rt.notifyRoles(['erc', 'ocha'], {}, `Cluster ${s.sector} deactivated`, 'deactivated:agencies', { clusterId: s.clusterId });
          rt.notifyRoles(['cluster_lead'], { operationId: s.operationId, sector: s.sector }, `Cluster ${s.sector} deactivated`, 'deactivated:leads', { clusterId: s.clusterId });
        }
        return rt.complete(transition.end);
      }

      let next: TaskRecord | undefined;
      for (const stepId of transition.steps) {
        const t = rt.open(stepId, anchorFor(stepId, task, input.activatedAt, targetDate));
        if (SIDE_STEPS.has(stepId)) void rt.waitForBranch(t);
        else next = t;
      }
      if (!next) throw new Error(`${task.stepId}/${decision} opened no main step`);
      main = next;

      if (REVIEW_STEPS.has(task.stepId) && decision === 'transition') {
        await rt.setClusterStatus('in-transition', { actor: task.decidedBy ?? undefined });
      }
      if (REVIEW_STEPS.has(task.stepId) && decision === 'continue') {
        // One run per review year keeps the history bounded; handlers finish and the projection lands first.
        await rt.drain();
        return continueAsNew<typeof transitionReviewWorkflow>({
          input: { ...input, operationId: rt.state.subject.operationId, sector: rt.state.subject.sector },
          startedBy: args.startedBy,
          durations: args.durations,
          carried: rt.exportState(),
          run: (args.run ?? 1) + 1,
        });
      }
    }
  });
}

function anchorFor(stepId: string, decided: TaskRecord, activatedAt: string, targetDate: string | null): OpenOptions {
  switch (stepId) {
    case 'transition-outline':
    case 'architecture-review':
      return { anchor: activatedAt };
    case 'annual-review':
      // One year after the previous review.
      return { anchor: decided.decidedAt, context: { previousReview: decided.id } };
    case 'handover-complete':
      return { anchor: targetDate, context: { targetDate } };
    default:
      return {};
  }
}
