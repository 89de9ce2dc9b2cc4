import { clusterActivationDefinition } from '../../../workflows/domain';
import type { AuditEvent } from '../types';
import { decisionsByStep, diagramOf, endNodeId, layoutDiagram, START_NODE, stepStates, takenEdges } from './diagram';

const hc = { kind: 'user' as const, id: 'u-hc', username: 'hc', displayName: 'Hana Coordinator', roles: ['hc' as const] };

function event(seq: number, over: Partial<AuditEvent>): AuditEvent {
  return {
    seq,
    at: `2026-01-0${seq}T10:00:00.000Z`,
    type: 'task-opened',
    actor: { kind: 'system' },
    stepId: null,
    taskId: null,
    decision: null,
    comment: null,
    data: null,
    prevHash: 'p',
    hash: 'h',
    ...over,
  };
}

const history: AuditEvent[] = [
  event(1, { type: 'process-started' }),
  event(2, { type: 'task-opened', stepId: 'hc-endorsement', taskId: 't1' }),
  event(3, { type: 'decision', stepId: 'hc-endorsement', taskId: 't1', decision: 'endorse', actor: hc, comment: 'gaps are clear' }),
  event(4, { type: 'task-opened', stepId: 'erc-approval', taskId: 't2' }),
];

describe('process diagram model', () => {
  it('draws every declared step, the start and each end outcome, with one edge per decision target', () => {
    const { nodes, edges } = diagramOf(clusterActivationDefinition);
    const stepIds = clusterActivationDefinition.steps.map((s) => s.id);
    expect(nodes.filter((n) => n.kind === 'step').map((n) => n.id)).toEqual(stepIds);
    expect(nodes.filter((n) => n.kind === 'end').map((n) => n.outcome).sort()).toEqual(['activated', 'not-activated', 'withdrawn']);
    expect(edges).toContainEqual(expect.objectContaining({ source: START_NODE, target: 'hc-endorsement' }));
    expect(edges).toContainEqual(expect.objectContaining({ source: 'hc-endorsement', target: 'erc-approval', decision: 'endorse' }));
    expect(edges).toContainEqual(expect.objectContaining({ source: 'cluster-setup', target: endNodeId('activated'), decision: 'complete' }));
    // every edge points at a node that exists
    const ids = new Set(nodes.map((n) => n.id));
    for (const e of edges) expect(ids.has(e.target)).toBe(true);
  });

  it('marks decided steps done and the open step current', () => {
    const states = stepStates(clusterActivationDefinition, { status: 'running', currentSteps: ['erc-approval'] }, history);
    expect(states['hc-endorsement']).toBe('done');
    expect(states['erc-approval']).toBe('current');
    expect(states['cla-confirmation']).toBe('idle');
  });

  it('marks a current step overdue after an overdue event, or from an overdue open task', () => {
    const late = [...history, event(5, { type: 'task-overdue', stepId: 'erc-approval', taskId: 't2' })];
    expect(stepStates(clusterActivationDefinition, { status: 'running', currentSteps: ['erc-approval'] }, late)['erc-approval']).toBe('overdue');
    const tasks = [{ stepId: 'erc-approval', status: 'open' as const, overdue: true }];
    expect(stepStates(clusterActivationDefinition, { status: 'running', currentSteps: ['erc-approval'] }, history, tasks)['erc-approval']).toBe('overdue');
  });

  it('shows nothing current once the case has ended', () => {
    const states = stepStates(clusterActivationDefinition, { status: 'cancelled', currentSteps: ['erc-approval'] }, history);
    expect(states['erc-approval']).toBe('idle');
  });

  it('records who decided what and when, per step, and which transitions were taken', () => {
    const byStep = decisionsByStep(history);
    expect(byStep['hc-endorsement']).toEqual([
      expect.objectContaining({ decision: 'endorse', actor: hc, comment: 'gaps are clear', at: '2026-01-03T10:00:00.000Z' }),
    ]);
    const taken = takenEdges(clusterActivationDefinition, history);
    expect(taken.has('hc-endorsement:endorse->erc-approval')).toBe(true);
    expect(taken.has('hc-endorsement:reject->end:not-activated')).toBe(false);
  });

  it('lays the steps out top to bottom without overlaps', () => {
    const { nodes, edges } = diagramOf(clusterActivationDefinition);
    const pos = layoutDiagram(nodes, edges);
    expect(pos[START_NODE].y).toBeLessThan(pos['hc-endorsement'].y);
    expect(pos['hc-endorsement'].y).toBeLessThan(pos['erc-approval'].y);
    const steps = nodes.filter((n) => n.kind === 'step');
    for (const a of steps) {
      for (const b of steps) {
        if (a.id >= b.id) continue;
        const overlap = Math.abs(pos[a.id].x - pos[b.id].x) < 220 && Math.abs(pos[a.id].y - pos[b.id].y) < 64;
        expect(overlap).toBe(false);
      }
    }
  });
});
