import type { EngineState } from './state';
import { dueSummary, processView } from './views';

describe('dueSummary', () => {
  it('is the earliest due time of the open tasks and how many are overdue', () => {
    expect(dueSummary([
      { dueAt: '2026-12-03T09:00:00.000Z', overdue: false },
      { dueAt: null, overdue: false },
      { dueAt: '2026-11-28T17:00:00.000Z', overdue: true },
      { dueAt: '2026-11-29T17:00:00.000Z', overdue: true },
    ])).toEqual({ nextDueAt: '2026-11-28T17:00:00.000Z', overdueCount: 2 });
  });

  it('is null and zero when nothing open is due', () => {
    expect(dueSummary([])).toEqual({ nextDueAt: null, overdueCount: 0 });
    expect(dueSummary([{ dueAt: null, overdue: false }])).toEqual({ nextDueAt: null, overdueCount: 0 });
  });
});

describe('processView', () => {
  it("counts an open submission window's closing time as the case's next due time", () => {
    const state = {
      processId: 'ccpm-round:x:2026', type: 'ccpm-round', definitionVersion: 1, title: 'CCPM round', status: 'running', outcome: null,
      subject: {}, input: {}, tasks: {}, children: {}, startedBy: null, startedAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
      endedAt: null, seq: 3, parentProcessId: null, caseData: {}, incident: null,
      instances: {
        survey: { id: 'survey', stepId: 'ccpm-survey', kind: 'window', n: 1, status: 'open', openAt: null, openedAt: null, dueAt: null, anchorAt: null, taskIds: [], result: null, closesAt: '2026-12-14T09:15:00.000Z', fired: [] },
        old: { id: 'old', stepId: 'ccpm-survey', kind: 'window', n: 0, status: 'done', openAt: null, openedAt: null, dueAt: null, anchorAt: null, taskIds: [], result: 'closed', closesAt: '2026-01-01T00:00:00.000Z', fired: [] },
      },
    } as unknown as EngineState;
    expect(processView(state)).toMatchObject({ nextDueAt: '2026-12-14T09:15:00.000Z', overdueCount: 0 });
  });
});
