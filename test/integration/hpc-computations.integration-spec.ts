// The HPC computations read the clusters' submissions from the read model. They run once the fan-out joined, so a
// task still open there is a projection that has not landed yet: the computation waits for it instead of leaving a
// cluster out of the JIAF, and fails (to be retried) when it does not come.
import type { DataSource } from 'typeorm';
import { latestFanOutData } from '../../activities/hpc/hpc.computations';
import { openDataSource, uniqueSuffix } from '../factories';

describe('HPC computations over the read model', () => {
  let ds: DataSource;
  const processId = `hpc-cycle:computations-${uniqueSuffix()}:2031`;
  const task = (n: number, sector: string) => `${processId}~cluster-needs~${n}~${sector}`;

  beforeAll(async () => {
    ds = await openDataSource();
    const now = new Date();
    await ds.query(`INSERT INTO processes (id, type, title, status, started_at, updated_at) VALUES ($1, 'hpc-cycle', 't', 'running', $2, $2)`, [processId, now]);
    const rows: [string, string, string, object | null][] = [
      // An earlier opening (a revision): never read.
      [task(1, 'health'), 'health', 'decided', { rows: [{ adminArea: 'Old', populationGroup: 'IDPs', peopleInNeed: 1, severity: 1 }] }],
      [task(2, 'health'), 'health', 'decided', { rows: [{ adminArea: 'Juba', populationGroup: 'IDPs', peopleInNeed: 12000, severity: 4 }] }],
      [task(2, 'nutrition'), 'nutrition', 'expired', null],
      // Decided in the workflow, its projection not written yet.
      [task(2, 'wash'), 'wash', 'open', null],
    ];
    for (const [id, sector, status, data] of rows) {
      await ds.query(
        `INSERT INTO tasks (id, process_id, process_type, step_id, title, roles, sector, decisions, status, data, created_at, updated_at)
         VALUES ($1, $2, 'hpc-cycle', 'cluster-needs', 't', '{cluster_lead}', $3, '{submit}', $4, $5, $6, $6)`,
        [id, processId, sector, status, data === null ? null : JSON.stringify(data), now],
      );
    }
  });

  afterAll(async () => {
    await ds.query(`DELETE FROM tasks WHERE process_id = $1`, [processId]);
    await ds.query(`DELETE FROM processes WHERE id = $1`, [processId]);
    await ds.destroy();
  });

  it('fails, naming the task, when a task of the joined fan-out stays open in the read model', async () => {
    await expect(latestFanOutData(ds, processId, 'cluster-needs', { timeoutMs: 300, pollMs: 50 })).rejects.toThrow(
      `cluster-needs of ${processId}: 1 task(s) not yet closed in the read model (${task(2, 'wash')})`,
    );
  });

  it('waits for the lagging projection, then reads every decided task of the latest opening', async () => {
    const read = latestFanOutData(ds, processId, 'cluster-needs', { timeoutMs: 10_000, pollMs: 50 });
    await new Promise((r) => setTimeout(r, 300));
    await ds.query(`UPDATE tasks SET status = 'decided', data = $2 WHERE id = $1`, [
      task(2, 'wash'),
      JSON.stringify({ rows: [{ adminArea: 'Juba', populationGroup: 'IDPs', peopleInNeed: 15000, severity: 3 }] }),
    ]);
    const got = await read;
    expect(got.map((t) => [t.sector, (t.data.rows as { peopleInNeed: number }[])[0].peopleInNeed])).toEqual([
      ['health', 12000],
      ['wash', 15000],
    ]);
  });
});
