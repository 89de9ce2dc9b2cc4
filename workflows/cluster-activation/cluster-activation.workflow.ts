// PROCESSES.md §1. The steps, decisions and targets come from the definition (nextSteps); this file
// only adds what data cannot say: the cluster's status changes and starting its transition review.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { clusterActivationDefinition as definition } from '../domain/definitions/cluster-activation.definition';
import { nextSteps } from '../domain/definitions';
import { SYSTEM_ACTOR } from '../domain/actor';
import type { ClusterActivationInput, ProcessStartArgs } from '../contracts/process-registry';
import { transitionReviewId } from '../contracts/workflow-ids';
import { ProcessRuntime, type TaskRecord } from '../engine/process-runtime';
import { transitionReviewWorkflow } from '../transition-review/transition-review.workflow';

export async function clusterActivationWorkflow(
  args: ProcessStartArgs<ClusterActivationInput>,
): Promise<{ processId: string; outcome: string }> {
  const { input } = args;
  const rt = new ProcessRuntime({
    definition,
    title: `Cluster activation: ${input.sector}`,
    subject: {
      operationId: input.operationId,
      sector: input.sector,
      clusterId: null,
      leadAgency: input.leadAgency,
      coLeadAgency: input.coLeadAgency ?? null,
      rationale: input.rationale,
    },
    input: { ...input },
    startedBy: args.startedBy,
    durations: args.durations,
  });

  return rt.run(async () => {
    rt.started();
    // Open the first task before any await, so a decision sent the moment the start returns finds it.
    let current: TaskRecord = rt.open(definition.initialSteps[0]);
    // The cluster exists as `proposed` from the start, so lists and the console can show it.
    await rt.setClusterStatus('proposed', { leadAgency: input.leadAgency, coLeadAgency: input.coLeadAgency ?? null });

    for (;;) {
      const task = await rt.waitFor(current);
      const decision = task.decision as string;
      const data = task.data ?? {};
      const transition = nextSteps(definition, task.stepId, decision);

      if (transition.end !== null) {
        if (transition.end !== 'activated') await rt.setClusterStatus('not-activated');
        return rt.complete(transition.end);
      }

      if (task.stepId === 'proposal-revision' && decision === 'resubmit') {
        const patch: Record<string, unknown> = {};
        for (const k of ['rationale', 'leadAgency', 'coLeadAgency'] as const) if (data[k] !== undefined) patch[k] = data[k];
        rt.updateSubject(patch);
      }
      if (task.stepId === 'lead-reassignment' && decision === 'reassign') {
        rt.updateSubject({ leadAgency: data.leadAgency as string });
      }

      const opened = transition.steps.map((s) => rt.open(s, { context: { leadAgency: rt.state.subject.leadAgency } }));
      current = opened[0];

      if (task.stepId === 'lead-reassignment' || (task.stepId === 'proposal-revision' && data.leadAgency !== undefined)) {
        await rt.setClusterStatus('proposed', {
          leadAgency: rt.state.subject.leadAgency as string,
          coLeadAgency: (rt.state.subject.coLeadAgency as string | null) ?? null,
        });
      }
      if (task.stepId === 'cla-confirmation' && decision === 'confirm') {
        const result = await rt.setClusterStatus('active', { actor: task.decidedBy ?? SYSTEM_ACTOR });
        await startTransitionReview(rt, result.cluster.id, result.cluster.activatedAt ?? (task.decidedAt as string), result.cluster.operationType);
      }
    }
  });
}

/**
 * The review outlives the activation, so it is a child with ParentClosePolicy.ABANDON: its start is a
 * command in this history (exactly once, even across worker crashes), needs no client in the worker,
 * and Temporal keeps the parent/child link. An already running review for the cluster is kept.
 */
async function startTransitionReview(rt: ProcessRuntime, clusterId: string, activatedAt: string, operationType: 'sudden-onset' | 'protracted'): Promise<void> {
  const workflowId = transitionReviewId(clusterId);
  const s = rt.state.subject;
  try {
    await startChild(transitionReviewWorkflow, {
      workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      args: [
        {
          input: { clusterId, activatedAt, operationType, operationId: s.operationId, sector: s.sector },
          startedBy: SYSTEM_ACTOR,
        },
      ],
    });
    rt.emit('process-linked', { data: { workflowId, relation: 'started', processType: 'transition-review' } });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    rt.emit('process-linked', { data: { workflowId, relation: 'already-running', processType: 'transition-review' } });
  }
}
