// After a restore, the read model is behind Temporal for every case that moved since the backup. The fix
// replays each such run's history (Temporal's own record) with the current workflow code, captures the
// projection batches it produced, and writes them through the real, idempotent projection: rows that exist
// stay as they are (the audit trail is never rewritten), missing events are appended in their original seq
// with their original hashes inputs, and each case that got events back gets a note in system_events.
import { Client, type Connection, type WorkflowExecutionInfo } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { ProjectionActivitiesService } from '../../../activities';
import { stateQuery, type ProjectionBatch } from '@hpc/workflows/contracts';
import { hpcDataConverter } from '../../api/src/temporal/payload-codec';
import { WORKFLOWS_PATH } from '../../worker/src/worker.factory';

export interface ReconcileOptions {
  connection: Connection;
  namespace: string;
  dataSource: DataSource;
  /** Closed runs are reconciled only when they closed at or after this time (the backup's); running ones always. */
  since?: Date;
  log?: (line: string) => void;
  /** Reuse a bundle (tests); default: bundle the workflows with the capture interceptor. */
  bundle?: WorkflowBundleWithSourceMap;
}

export interface CaseReconciliation {
  processId: string;
  runId: string;
  /** Why this run was replayed, or why it was skipped. */
  reason: 'behind' | 'no-row' | 'closed-since' | 'up-to-date' | 'failed';
  eventsAppended: number;
  fromSeq?: number;
  toSeq?: number;
  error?: string;
}

export function bundleForReconcile(): Promise<WorkflowBundleWithSourceMap> {
  const quiet = (): void => undefined;
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [require.resolve('./reconcile-capture.interceptor')],
    logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: (m: string) => console.error(m) },
  });
}

/** The visibility query: every open run, and the runs that closed since the backup. */
export function reconcileQuery(since?: Date): string {
  return since ? `ExecutionStatus = 'Running' OR CloseTime >= '${since.toISOString()}'` : '';
}

export async function reconcile(options: ReconcileOptions): Promise<CaseReconciliation[]> {
  const log = options.log ?? (() => undefined);
  const client = new Client({ connection: options.connection, namespace: options.namespace, dataConverter: hpcDataConverter() });
  const projection = new ProjectionActivitiesService(options.dataSource);
  const bundle = options.bundle ?? (await bundleForReconcile());

  const runs: WorkflowExecutionInfo[] = [];
  for await (const run of client.workflow.list({ query: reconcileQuery(options.since) })) {
    // Only HPC Flow cases: they carry HpcProcessType (other workflows may share the namespace).
    if (run.searchAttributes?.HpcProcessType) runs.push(run);
  }
  // Oldest run first: a case that continued as new has its earlier events in its earlier runs.
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  log(`${runs.length} run(s) to check${options.since ? ` (open, or closed since ${options.since.toISOString()})` : ''}`);

  const results: CaseReconciliation[] = [];
  for (const run of runs) {
    const processId = run.workflowId;
    const before = await lastSeqs(options.dataSource, processId);
    let reason: CaseReconciliation['reason'] = run.status.name === 'RUNNING' ? 'behind' : 'closed-since';
    if (before.processLastSeq === null) reason = 'no-row';
    else if (run.status.name === 'RUNNING') {
      // The live state says how far the case is; a case the read model already holds needs no replay.
      const seq = await client.workflow
        .getHandle(processId, run.runId)
        .query(stateQuery)
        .then((s) => s.seq, () => null);
      if (seq !== null && seq <= before.auditLastSeq && seq <= before.processLastSeq) {
        results.push({ processId, runId: run.runId, reason: 'up-to-date', eventsAppended: 0 });
        continue;
      }
    }
    try {
      const batches = await capturedBatches(client, bundle, processId, run.runId);
      let appended = 0;
      for (const batch of batches) appended += (await projection.project(batch)).inserted;
      const after = await lastSeqs(options.dataSource, processId);
      const result: CaseReconciliation = { processId, runId: run.runId, reason, eventsAppended: appended };
      if (appended > 0) {
        result.fromSeq = before.auditLastSeq + 1;
        result.toSeq = after.auditLastSeq;
        await note(options.dataSource, result);
        log(`${processId}: appended audit events ${result.fromSeq}..${result.toSeq} from Temporal's history`);
      }
      results.push(result);
    } catch (err) {
      const error = (err as Error).message.split('\n')[0];
      log(`${processId} (run ${run.runId}): could not be reconciled: ${error}`);
      results.push({ processId, runId: run.runId, reason: 'failed', eventsAppended: 0, error });
    }
  }
  return results;
}

/** Replays one run with the capture interceptor; the batches in the order the workflow produced them. */
async function capturedBatches(client: Client, bundle: WorkflowBundleWithSourceMap, workflowId: string, runId: string): Promise<ProjectionBatch[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const batches: ProjectionBatch[] = [];
  await Worker.runReplayHistory(
    {
      workflowBundle: bundle,
      dataConverter: hpcDataConverter(),
      sinks: {
        reconcile: { batch: { fn: (_info: unknown, _type: string, batch: unknown) => void batches.push(batch as ProjectionBatch), callDuringReplay: true } },
      },
    },
    history,
    workflowId,
  );
  return batches;
}

async function lastSeqs(ds: DataSource, processId: string): Promise<{ processLastSeq: number | null; auditLastSeq: number }> {
  const [p] = (await ds.query('SELECT last_seq FROM processes WHERE id = $1', [processId])) as { last_seq: number }[];
  const [a] = (await ds.query('SELECT coalesce(max(seq), 0)::int AS seq FROM audit_events WHERE process_id = $1', [processId])) as { seq: number }[];
  return { processLastSeq: p ? p.last_seq : null, auditLastSeq: a.seq };
}

async function note(ds: DataSource, r: CaseReconciliation): Promise<void> {
  await ds.query(
    `INSERT INTO system_events (type, actor, subject, note, data) VALUES ('audit-reconciled', 'npm run reconcile', $1, $2, $3)`,
    [
      `process:${r.processId}`,
      `audit events ${r.fromSeq}..${r.toSeq} were missing from the database (restored from a backup) and were appended from Temporal's history of run ${r.runId}; earlier events were not changed`,
      JSON.stringify({ runId: r.runId, fromSeq: r.fromSeq, toSeq: r.toSeq }),
    ],
  );
}
