// The bench's reference for the engine's own cost (issue 15): the cluster activation's happy path written by hand,
// with no engine. Same steps, one Update per step (validated by role and open task), one projection write per
// change (a local activity, as the product's projection), one due timer per open step, the case's status as a
// search attribute at its end. What the product's worker spends beyond this per start and per decision is the
// engine's cost.
import { condition, defineUpdate, proxyLocalActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ReferenceActivities } from './reference.activities';

export interface ReferenceDecision {
  taskId: string;
  decision: string;
  actor: { id: string; roles: string[] };
}

export const referenceDecide = defineUpdate<{ task: 'decided'; now: string[] }, [ReferenceDecision]>('decide');

const STEPS = [
  { id: 'hc-endorsement', role: 'hc', decision: 'endorse' },
  { id: 'erc-approval', role: 'erc', decision: 'approve' },
  { id: 'cla-confirmation', role: 'cluster_lead', decision: 'confirm' },
] as const;

const { project } = proxyLocalActivities<ReferenceActivities>({ startToCloseTimeout: '30 seconds' });

export async function referenceActivation(args: { input: Record<string, unknown>; startedBy: { id: string } }): Promise<string> {
  const processId = workflowInfo().workflowId;
  let step = 0;
  let seq = 0;
  const taskId = (i: number) => `${processId}~${STEPS[i].id}~1`;
  await project({ processId, seq: ++seq, kind: 'started', openTask: taskId(0), data: { input: args.input, startedBy: args.startedBy.id } });

  setHandler(
    referenceDecide,
    async (d) => {
      const decided = step;
      step += 1;
      const next = step < STEPS.length ? taskId(step) : null;
      await project({ processId, seq: ++seq, kind: 'decided', decidedTask: d.taskId, decision: d.decision, actorId: d.actor.id, openTask: next });
      return { task: 'decided', now: next ? [STEPS[step].id] : [STEPS[decided].id] };
    },
    {
      validator: (d) => {
        if (step >= STEPS.length || d.taskId !== taskId(step)) throw new Error(`task ${d.taskId} is not open`);
        if (!d.actor.roles.includes(STEPS[step].role)) throw new Error(`only ${STEPS[step].role} decides ${STEPS[step].id}`);
        if (d.decision !== STEPS[step].decision) throw new Error(`unknown decision ${d.decision}`);
      },
    },
  );

  while (step < STEPS.length) {
    const at = step;
    // the step's due time: 14 days, as the product's steps have one
    await condition(() => step !== at, '14 days');
  }
  upsertSearchAttributes({ HpcStatus: ['completed'] });
  return 'activated';
}
