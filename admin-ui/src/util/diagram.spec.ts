import type { ProcessDefinition } from '../../../workflows/domain';
import { getDefinition, PROCESS_DEFINITIONS } from '../processes';
import type { AuditEvent } from '../types';
import { decisionsByStep, diagramOf, endNodeId, layoutDiagram, START_NODE, stepStates, takenEdges, wrappedLines } from './diagram';

const clusterActivationDefinition = getDefinition('cluster-activation') as ProcessDefinition;

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

  it('lays every known process out top to bottom with ELK: no overlapping nodes or labels, orthogonal routes', async () => {
    const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    for (const definition of Object.values(PROCESS_DEFINITIONS)) {
      const { nodes, edges } = diagramOf(definition);
      const layout = await layoutDiagram(nodes, edges);
      const boxes = nodes.map((n) => layout.nodes[n.id]);
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j])).toBe(false);
      const labels = edges.map((e) => layout.edges[e.id].label).filter((l): l is NonNullable<typeof l> => !!l);
      expect(labels.length).toBe(edges.filter((e) => e.decision).length);
      const labelBoxes = labels.map((l) => ({ x: l.x - l.width / 2, y: l.y - l.height / 2, width: l.width, height: l.height }));
      for (let i = 0; i < labelBoxes.length; i++) for (let j = i + 1; j < labelBoxes.length; j++) expect(overlaps(labelBoxes[i], labelBoxes[j])).toBe(false);
      for (const e of edges) {
        const pts = layout.edges[e.id].points;
        expect(pts.length).toBeGreaterThanOrEqual(2);
        // Orthogonal routing: every segment is horizontal or vertical.
        for (let k = 1; k < pts.length; k++) expect(Math.abs(pts[k].x - pts[k - 1].x) < 0.01 || Math.abs(pts[k].y - pts[k - 1].y) < 0.01).toBe(true);
      }
    }
    const { nodes, edges } = diagramOf(clusterActivationDefinition);
    const layout = await layoutDiagram(nodes, edges);
    expect(layout.nodes[START_NODE].y).toBeLessThan(layout.nodes['hc-endorsement'].y);
    expect(layout.nodes['hc-endorsement'].y).toBeLessThan(layout.nodes['erc-approval'].y);
  });

  it('gives a long caption more lines instead of cutting it', () => {
    expect(wrappedLines('Short', 200)).toBe(1);
    expect(wrappedLines('Approbation de la proposition d’activation par le Coordonnateur humanitaire', 200)).toBeGreaterThan(1);
  });
});
