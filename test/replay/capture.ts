// Captures golden histories of every workflow type from real runs (time-skipping server, real
// activities on PostgreSQL) into test/replay/histories/<process>/<case>[-run-N].json
// as { workflowId, history } (history in Temporal's JSON form).
// Run:  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<migrated db> \
//       node -r ./test/factories/register-ts.js test/replay/capture.ts
// Re-capture only for a new case or a deliberate, patched() change; commit the files. Keep the histories
// of earlier code: save a patched change's captures under a new name (`<case>-v2.json`), restore the old ones.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { DataSource } from 'typeorm';
import { bundleWorkflows } from '../../apps/worker/src/worker.factory';
import { cancelUpdate } from '../../workflows/contracts/messages';
import { clusterActivationId, transitionReviewId } from '../../workflows/contracts/workflow-ids';
import { createTimeSkippingEnv } from '../utils/temporal';
import { createActor, createCluster, createOperation, openDataSource } from '../factories';
import { decide, openTaskId, registerSearchAttributes, withWorker } from '../workflows/harness';

const DAY = 86_400_000;
export const HISTORIES_DIR = path.join(__dirname, 'histories');

interface Scenario {
  process: string;
  name: string;
  run(env: TestWorkflowEnvironment, ds: DataSource, taskQueue: string): Promise<string>;
}

const activationInput = (operationId: string, sector: string) => ({
  operationId, sector, leadAgency: 'UNHCR', rationale: 'Displacement; no national coordination',
  criteria: { responseGaps: true, nationalCapacityInsufficient: true },
});

async function people(ds: DataSource, operationId: string, sector: string) {
  return {
    hc: await createActor(ds, ['hc']),
    ocha: await createActor(ds, ['ocha']),
    erc: await createActor(ds, ['erc']),
    admin: await createActor(ds, ['admin']),
    lead: await createActor(ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector }] }),
  };
}

export const SCENARIOS: Scenario[] = [
  {
    process: 'cluster-activation',
    name: 'activated-with-loops',
    async run(env, ds, taskQueue) {
      const operationId = await createOperation(ds);
      const p = await people(ds, operationId, 'protection');
      const id = clusterActivationId(operationId, 'protection');
      const h = await env.client.workflow.start('clusterActivationWorkflow', { taskQueue, workflowId: id, args: [{ input: activationInput(operationId, 'protection'), startedBy: { kind: 'system' } }] });
      await decide(h, { taskId: await openTaskId(h, 'hc-endorsement'), decision: 'return', comment: 'Add figures', actor: p.hc });
      await decide(h, { taskId: await openTaskId(h, 'proposal-revision'), decision: 'resubmit', data: { rationale: '120,000 displaced' }, actor: p.ocha });
      await decide(h, { taskId: await openTaskId(h, 'hc-endorsement'), decision: 'endorse', actor: p.hc });
      const erc = await openTaskId(h, 'erc-approval');
      await env.sleep('13 hours');
      await decide(h, { taskId: erc, decision: 'approve', actor: p.erc });
      await decide(h, { taskId: await openTaskId(h, 'cla-confirmation'), decision: 'decline', actor: p.lead });
      await decide(h, { taskId: await openTaskId(h, 'lead-reassignment'), decision: 'reassign', data: { leadAgency: 'NRC' }, actor: p.hc });
      await decide(h, { taskId: await openTaskId(h, 'cla-confirmation'), decision: 'confirm', data: { coordinatorName: 'A', informationManagerName: 'B' }, actor: p.lead });
      await decide(h, {
        taskId: await openTaskId(h, 'cluster-setup'), decision: 'complete', actor: p.lead,
        data: { termsOfReferenceAdopted: true, strategicAdvisoryGroupFormed: true, partnerMappingDone: true, workPlanAdopted: true },
      });
      await h.result();
      const cluster = (await ds.query('SELECT id FROM clusters WHERE operation_id = $1 AND sector = $2', [operationId, 'protection']))[0];
      await env.client.workflow.getHandle(transitionReviewId(cluster.id)).terminate('captured elsewhere');
      return id;
    },
  },
  {
    process: 'cluster-activation',
    name: 'rejected-after-overdue',
    async run(env, ds, taskQueue) {
      const operationId = await createOperation(ds);
      const p = await people(ds, operationId, 'wash');
      const id = clusterActivationId(operationId, 'wash');
      const h = await env.client.workflow.start('clusterActivationWorkflow', { taskQueue, workflowId: id, args: [{ input: activationInput(operationId, 'wash'), startedBy: { kind: 'system' } }] });
      await decide(h, { taskId: await openTaskId(h, 'hc-endorsement'), decision: 'endorse', actor: p.hc });
      const erc = await openTaskId(h, 'erc-approval');
      await env.sleep('25 hours');
      await decide(h, { taskId: erc, decision: 'reject', actor: p.erc });
      await h.result();
      return id;
    },
  },
  {
    process: 'cluster-activation',
    name: 'cancelled-by-admin',
    async run(env, ds, taskQueue) {
      const operationId = await createOperation(ds);
      const p = await people(ds, operationId, 'shelter');
      const id = clusterActivationId(operationId, 'shelter');
      const h = await env.client.workflow.start('clusterActivationWorkflow', { taskQueue, workflowId: id, args: [{ input: activationInput(operationId, 'shelter'), startedBy: { kind: 'system' } }] });
      await openTaskId(h, 'hc-endorsement');
      await h.executeUpdate(cancelUpdate, { args: [{ reason: 'Duplicate', actor: p.admin }] });
      await h.result();
      return id;
    },
  },
  {
    process: 'transition-review',
    name: 'yearly-loops-to-deactivation',
    async run(env, ds, taskQueue) {
      const operationId = await createOperation(ds);
      const activatedAt = new Date(await env.currentTimeMs()).toISOString();
      const clusterId = await createCluster(ds, operationId, 'protection', 'active', activatedAt);
      const p = await people(ds, operationId, 'protection');
      const id = transitionReviewId(clusterId);
      await env.client.workflow.start('transitionReviewWorkflow', { taskQueue, workflowId: id, args: [{ input: { clusterId, activatedAt, operationType: 'protracted' }, startedBy: { kind: 'system' } }] });
      const h = env.client.workflow.getHandle(id);
      const outline = await openTaskId(h, 'transition-outline');
      await env.sleep(91 * DAY);
      await decide(h, { taskId: outline, decision: 'submit', data: { summary: 'Continue', proposedPath: 'continue' }, actor: p.lead });
      await decide(h, { taskId: await openTaskId(h, 'architecture-review'), decision: 'continue', actor: p.hc });
      await decide(h, { taskId: await openTaskId(h, 'erc-annual-report'), decision: 'submit', data: { summary: 'Reported' }, actor: p.hc });
      const annual = await openTaskId(h, 'annual-review');
      await env.sleep(340 * DAY);
      await decide(h, { taskId: annual, decision: 'continue', actor: p.hc });
      await decide(h, { taskId: await openTaskId(h, 'annual-review'), decision: 'transition', actor: p.hc });
      const targetDate = new Date((await env.currentTimeMs()) + 30 * DAY).toISOString().slice(0, 10);
      await decide(h, { taskId: await openTaskId(h, 'handover-plan'), decision: 'submit', data: { nationalCounterpart: 'Ministry', targetDate }, actor: p.lead });
      await decide(h, { taskId: await openTaskId(h, 'handover-approval'), decision: 'approve', actor: p.hc });
      await decide(h, { taskId: await openTaskId(h, 'handover-complete'), decision: 'confirm', actor: p.lead });
      await decide(h, { taskId: await openTaskId(h, 'deactivation-confirmation'), decision: 'confirm', actor: p.hc });
      await h.result();
      return id;
    },
  },
];

/** Every run of the workflow, first to last (continue-as-new links them). */
async function allRuns(env: TestWorkflowEnvironment, workflowId: string): Promise<string[]> {
  const first = (await env.client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.firstRunId;
  const histories: string[] = [];
  let runId: string | undefined = first ?? undefined;
  while (runId) {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.push(historyToJSON(history));
    const last = history.events?.[history.events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return histories;
}

export async function captureAll(outDir = HISTORIES_DIR): Promise<string[]> {
  const ds = await openDataSource();
  const bundle: WorkflowBundleWithSourceMap = await bundleWorkflows();
  const written: string[] = [];
  try {
    for (const scenario of SCENARIOS) {
      // A fresh server per scenario: its clock and pending work start clean.
      const env = await createTimeSkippingEnv();
      try {
        await registerSearchAttributes(env);
        const workflowId = await withWorker(env, bundle, ds, (taskQueue) => scenario.run(env, ds, taskQueue));
        const runs = await allRuns(env, workflowId);
        const dir = path.join(outDir, scenario.process);
        fs.mkdirSync(dir, { recursive: true });
        runs.forEach((json, i) => {
          const file = path.join(dir, runs.length === 1 ? `${scenario.name}.json` : `${scenario.name}-run-${i + 1}.json`);
          // The workflow id is not in the history itself, and the workflow reads it (task ids).
          fs.writeFileSync(file, `${JSON.stringify({ workflowId, history: JSON.parse(json) }, null, 1)}\n`);
          written.push(path.relative(process.cwd(), file));
        });
      } finally {
        await env.teardown();
      }
    }
  } finally {
    await ds.destroy();
  }
  return written;
}

if (require.main === module) {
  captureAll().then(
    (files) => {
      console.log(`captured ${files.length} histories:\n${files.join('\n')}`);
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
