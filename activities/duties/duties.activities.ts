// The clusters' recurring duties on Temporal Schedules (PROCESSES.md §6): one Schedule per cluster and duty,
// created on activation, paused in transition when the operation wants it, deleted on deactivation (with the
// cluster's open CCPM round cancelled), reconciled at worker start. Each firing starts a `recurring-duty` case.
import { Context } from '@temporalio/activity';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { cancelUpdate } from '../../workflows/contracts/messages';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../workflows/domain/actor';
import { SYSTEM_ACTOR } from '../../workflows/domain/actor';
import { operationSettingsOf } from '../../workflows/domain/reference';
import { startArgs } from '../../workflows/contracts/start-args';
import type { OperationContext } from '../../workflows/processes/types';
import { dutiesOf, dutyScheduleId, dutySchedulesPaused, DUTIES, type DutySpec } from '../../workflows/processes/recurring-duty/duties';
import { RECURRING_DUTY } from '../../workflows/processes/recurring-duty/recurring-duty.definition';
import { CCPM_ROUND } from '../../workflows/processes/ccpm-round/ccpm-round.definition';

export interface ClusterSchedulesRequest {
  clusterId: string;
}

const QUARTER_MONTHS = ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'] as const;

/** Stops what runs on a cluster's behalf: only an admin may cancel a case, so the system acts as one, by name. */
const DEACTIVATION_ACTOR: Actor = {
  id: 'system', username: 'system', displayName: 'HPC Flow (cluster deactivated)', roles: ['admin'],
  clusterScopes: [], operationScopes: [], organisationId: null, authorisedSignatory: false,
};

interface ClusterRow {
  id: string;
  operation_id: string;
  sector: string;
  status: string;
  operation_name: string;
  operation_type: OperationContext['type'];
  settings: Record<string, unknown> | null;
  updated_at: Date;
}

/**
 * The time-skipping test server implements no Schedules (gRPC UNIMPLEMENTED): there the cluster simply has none.
 * Every real server (dev server, production) implements them, so nothing is hidden outside tests.
 */
export function schedulesUnsupported(err: unknown): boolean {
  const e = err as { code?: number; cause?: { code?: number; message?: string }; message?: string } | null;
  return e?.code === 12 || e?.cause?.code === 12 || /is unimplemented/.test(`${e?.message ?? ''} ${e?.cause?.message ?? ''}`);
}

function operationOf(row: ClusterRow): OperationContext {
  return { id: row.operation_id, name: row.operation_name, type: row.operation_type, settings: operationSettingsOf(row.settings as never) };
}

/** What a duty schedule is made of: pure (the tests read it too). */
export function dutyScheduleOptions(cluster: { id: string; operationId: string; sector: string }, duty: DutySpec, operation: OperationContext, taskQueue: string) {
  const input = { clusterId: cluster.id, operationId: cluster.operationId, sector: cluster.sector, duty: duty.id };
  return {
    scheduleId: dutyScheduleId(cluster.id, duty.id),
    // The 1st of the month (of the quarter), at midnight in the operation's zone: monthly ones are due the 10th.
    spec: {
      calendars: [duty.every === 'month' ? { dayOfMonth: 1, hour: 0, minute: 0 } : { month: [...QUARTER_MONTHS], dayOfMonth: 1, hour: 0, minute: 0 }],
      timezone: operation.settings.timeZone || 'UTC',
    },
    action: {
      type: 'startWorkflow' as const,
      workflowType: RECURRING_DUTY,
      // Temporal appends the scheduled time: one case per occurrence.
      workflowId: `${RECURRING_DUTY}:${cluster.id}:${duty.id}`,
      taskQueue,
      args: [startArgs(input, SYSTEM_ACTOR, operation)],
    },
    memo: { clusterId: cluster.id, duty: duty.id },
  };
}

export class DutiesActivitiesService {
  constructor(private readonly dataSource: DataSource, private readonly clientOf: () => Client = () => Context.current().client, private readonly taskQueueOf: () => string = () => Context.current().info.taskQueue) {}

  private async cluster(clusterId: string): Promise<ClusterRow | null> {
    const rows: ClusterRow[] = await this.dataSource.query(
      `SELECT c.id, c.operation_id, c.sector, c.status, o.name AS operation_name, o.type AS operation_type, o.settings
         FROM clusters c JOIN operations o ON o.id = c.operation_id WHERE c.id = $1`,
      [clusterId],
    );
    return rows[0] ?? null;
  }

  /** One schedule per duty of the cluster's sector; an existing one is kept (idempotent on retries). */
  async createClusterSchedules(req: ClusterSchedulesRequest): Promise<{ created: number; existing: number }> {
    const row = await this.cluster(req.clusterId);
    if (!row) return { created: 0, existing: 0 };
    const client = this.clientOf();
    const taskQueue = this.taskQueueOf();
    let created = 0;
    let existing = 0;
    for (const duty of dutiesOf(row.sector)) {
      try {
        await client.schedule.create(dutyScheduleOptions({ id: row.id, operationId: row.operation_id, sector: row.sector }, duty, operationOf(row), taskQueue));
        created++;
      } catch (err) {
        if (schedulesUnsupported(err)) return { created: 0, existing: 0 };
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
        existing++;
      }
    }
    return { created, existing };
  }

  /** Pauses or resumes every duty schedule of the cluster (those already so are left alone). */
  async pauseClusterSchedules(req: { clusterId: string; paused: boolean; reason: string }): Promise<{ changed: number }> {
    return pauseSchedules(this.clientOf(), req);
  }

  /** After a status change: the schedules paused in transition when the operation wants it, else running (dutySchedulesPaused). */
  async followClusterStatus(req: ClusterSchedulesRequest): Promise<{ changed: number }> {
    return followDutySchedules(this.clientOf(), this.dataSource, { clusterId: req.clusterId });
  }

  /** Deactivation: the duty schedules are deleted and the open CCPM round (and open duty cases) cancelled. */
  async stopClusterSchedules(req: { clusterId: string; reason: string }): Promise<{ stopped: number }> {
    const client = this.clientOf();
    let stopped = 0;
    for (const duty of DUTIES) {
      try {
        await client.schedule.getHandle(dutyScheduleId(req.clusterId, duty.id)).delete();
        stopped++;
      } catch (err) {
        if (schedulesUnsupported(err)) break;
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      }
    }
    const open: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM processes WHERE cluster_id = $1 AND status = 'running' AND type IN ($2, $3)`,
      [req.clusterId, CCPM_ROUND, RECURRING_DUTY],
    );
    for (const p of open) {
      try {
        await client.workflow.getHandle(p.id).executeUpdate(cancelUpdate, { args: [{ actor: DEACTIVATION_ACTOR, reason: `the cluster was ${req.reason}` }] });
        stopped++;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) continue;
        // Already ended since the read model was written: nothing to stop.
        if ((err as { cause?: { type?: string } }).cause?.type === 'TaskNotOpen') continue;
        throw err;
      }
    }
    return { stopped };
  }
}

async function pauseSchedules(client: Client, req: { clusterId: string; paused: boolean; reason: string }): Promise<{ changed: number }> {
  let changed = 0;
  for (const duty of DUTIES) {
    const handle = client.schedule.getHandle(dutyScheduleId(req.clusterId, duty.id));
    try {
      if ((await handle.describe()).state.paused === req.paused) continue;
      if (req.paused) await handle.pause(req.reason);
      else await handle.unpause(req.reason);
      changed++;
    } catch (err) {
      if (schedulesUnsupported(err)) return { changed: 0 };
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  return { changed };
}

/**
 * The duty schedules of a cluster (or of every live cluster of an operation) follow its status and its operation's
 * setting: paused in transition when the operation wants it, running otherwise (after a status change, a settings
 * change, and at worker start).
 */
export async function followDutySchedules(client: Client, dataSource: DataSource, which: { clusterId: string } | { operationId: string }): Promise<{ changed: number }> {
  const byCluster = 'clusterId' in which;
  const rows: { id: string; status: string; settings: Record<string, unknown> | null }[] = await dataSource.query(
    `SELECT c.id, c.status, o.settings FROM clusters c JOIN operations o ON o.id = c.operation_id
      WHERE ${byCluster ? 'c.id' : 'c.operation_id'} = $1 AND c.status IN ('active', 'in-transition')`,
    [byCluster ? which.clusterId : which.operationId],
  );
  let changed = 0;
  for (const row of rows) {
    const paused = dutySchedulesPaused(row.status, operationSettingsOf(row.settings as never));
    changed += (await pauseSchedules(client, { clusterId: row.id, paused, reason: paused ? 'the cluster is in transition' : `the cluster is ${row.status}` })).changed;
  }
  return { changed };
}

/** A cluster deactivated this recently may have a schedule the server does not list yet (visibility lags a little). */
const RECENTLY_CHANGED_MS = 24 * 3_600_000;

/**
 * At worker start (every worker, so it must be idempotent and cheap): a missing schedule of an active (or
 * in-transition) cluster is created; a duty schedule whose cluster is no longer active is deleted. Where the server
 * lists schedules, a schedule is deleted only if it is listed (or its cluster was deactivated in the last day: only
 * a cluster that was live has had schedules), so clusters without schedules (proposed, not activated, long
 * deactivated) cost no call; schedules of clusters the database no longer knows are deleted too. Where it cannot
 * list them (the time-skipping test server), each duty schedule of every cluster that is not live is deleted
 * blindly (not found is fine).
 */
export async function reconcileDutySchedules(client: Client, dataSource: DataSource, taskQueue: string): Promise<{ created: string[]; deleted: string[] }> {
  const rows: ClusterRow[] = await dataSource.query(
    `SELECT c.id, c.operation_id, c.sector, c.status, o.name AS operation_name, o.type AS operation_type, o.settings, c.updated_at
       FROM clusters c JOIN operations o ON o.id = c.operation_id`,
  );
  let listed: Set<string> | null = new Set();
  try {
    for await (const s of client.schedule.list()) if (s.scheduleId.startsWith('duty:')) listed.add(s.scheduleId);
  } catch {
    // Listing is a visibility feature some servers lack: every schedule of a cluster that is not live is deleted blindly.
    listed = null;
  }
  const created: string[] = [];
  const deleted: string[] = [];
  const wanted = new Set<string>();
  const remove = async (id: string): Promise<void> => {
    try {
      await client.schedule.getHandle(id).delete();
      deleted.push(id);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  };
  for (const row of rows) {
    const live = ['active', 'in-transition'].includes(row.status);
    const mine = live ? dutiesOf(row.sector) : [];
    for (const duty of mine) {
      const id = dutyScheduleId(row.id, duty.id);
      wanted.add(id);
      try {
        await client.schedule.create(dutyScheduleOptions({ id: row.id, operationId: row.operation_id, sector: row.sector }, duty, operationOf(row), taskQueue));
        created.push(id);
      } catch (err) {
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      }
    }
    // A duty that no longer applies (or a cluster no longer active): its schedule goes.
    const recent = row.status === 'deactivated' && Date.now() - new Date(row.updated_at).getTime() < RECENTLY_CHANGED_MS;
    for (const duty of DUTIES) {
      const id = dutyScheduleId(row.id, duty.id);
      if (!mine.includes(duty) && (!listed || recent || listed.has(id))) await remove(id);
    }
  }
  // Paused or running as the cluster's status and its operation's setting say.
  for (const row of rows) if (['active', 'in-transition'].includes(row.status)) await followDutySchedules(client, dataSource, { clusterId: row.id });
  const gone = new Set(deleted);
  for (const id of listed ?? []) if (!wanted.has(id) && !gone.has(id)) await remove(id);
  return { created, deleted };
}
