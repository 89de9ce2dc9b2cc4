// The process diagram as data: the definition's steps and transitions, each step's live state, and
// an automatic layout (dagre). Pure, so it is unit-tested without a browser.
import { Graph, layout } from '@dagrejs/dagre';
import type { ProcessDefinition } from '../../../workflows/domain';
import type { AuditEvent, Process, Task } from '../types';

export type StepState = 'done' | 'current' | 'overdue' | 'idle';

export interface DiagramNode {
  id: string;
  kind: 'start' | 'step' | 'end';
  stepId?: string;
  outcome?: string;
}

export interface DiagramEdge {
  id: string;
  source: string;
  target: string;
  stepId: string | null;
  decision: string | null;
}

export const START_NODE = 'start';
export const endNodeId = (outcome: string) => `end:${outcome}`;

/** Nodes and edges straight from the definition: start → initial steps, each decision → its targets or an end. */
export function diagramOf(definition: ProcessDefinition): { nodes: DiagramNode[]; edges: DiagramEdge[] } {
  const nodes: DiagramNode[] = [{ id: START_NODE, kind: 'start' }];
  const edges: DiagramEdge[] = [];
  for (const step of definition.steps) nodes.push({ id: step.id, kind: 'step', stepId: step.id });
  for (const first of definition.initialSteps) {
    edges.push({ id: `${START_NODE}->${first}`, source: START_NODE, target: first, stepId: null, decision: null });
  }
  const ends = new Set<string>();
  for (const step of definition.steps) {
    for (const d of step.decisions) {
      const targets = Array.isArray(d.next) ? (d.next as readonly string[]) : [endNodeId((d.next as { end: string }).end)];
      for (const target of targets) {
        if (target.startsWith('end:')) ends.add(target.slice(4));
        edges.push({ id: `${step.id}:${d.id}->${target}`, source: step.id, target, stepId: step.id, decision: d.id });
      }
    }
  }
  for (const outcome of ends) nodes.push({ id: endNodeId(outcome), kind: 'end', outcome });
  return { nodes, edges };
}

export interface StepDecisionRecord {
  stepId: string;
  taskId: string | null;
  decision: string;
  at: string;
  actor: AuditEvent['actor'];
  comment: string | null;
  data: Record<string, unknown> | null;
}

/** Who decided what and when, per step, from the audit trail (oldest first). */
export function decisionsByStep(history: readonly AuditEvent[]): Record<string, StepDecisionRecord[]> {
  const out: Record<string, StepDecisionRecord[]> = {};
  for (const e of history) {
    if (e.type !== 'decision' || !e.stepId || !e.decision) continue;
    (out[e.stepId] ??= []).push({
      stepId: e.stepId,
      taskId: e.taskId,
      decision: e.decision,
      at: e.at,
      actor: e.actor,
      comment: e.comment,
      data: e.data,
    });
  }
  return out;
}

/**
 * Each step's state: current (open now), overdue (open and past due), done (decided at least once
 * and not open again), idle (not reached). Open tasks and current steps win over history.
 */
export function stepStates(
  definition: ProcessDefinition,
  process: Pick<Process, 'currentSteps' | 'status'>,
  history: readonly AuditEvent[],
  tasks: readonly Pick<Task, 'stepId' | 'status' | 'overdue'>[] = [],
): Record<string, StepState> {
  const states: Record<string, StepState> = {};
  for (const step of definition.steps) states[step.id] = 'idle';
  const decided = decisionsByStep(history);
  for (const stepId of Object.keys(decided)) if (stepId in states) states[stepId] = 'done';
  const running = process.status === 'running';
  if (running) {
    for (const stepId of process.currentSteps ?? []) if (stepId in states) states[stepId] = 'current';
    // An overdue/escalation event on a task that was not decided since marks its (current) step overdue.
    const closedTaskIds = new Set(history.filter((e) => e.type === 'decision' || e.type === 'task-cancelled').map((e) => e.taskId));
    for (const e of history) {
      if ((e.type === 'task-overdue' || e.type === 'task-escalated') && e.stepId && states[e.stepId] === 'current' && !closedTaskIds.has(e.taskId)) {
        states[e.stepId] = 'overdue';
      }
    }
    for (const t of tasks) if (t.status === 'open' && t.overdue && t.stepId in states) states[t.stepId] = 'overdue';
  }
  return states;
}

/** Edges taken by a recorded decision (drawn bold), keyed by edge id. */
export function takenEdges(definition: ProcessDefinition, history: readonly AuditEvent[]): Set<string> {
  const taken = new Set<string>();
  const { edges } = diagramOf(definition);
  const decided = decisionsByStep(history);
  for (const edge of edges) {
    if (edge.stepId === null) {
      if (history.length > 0) taken.add(edge.id);
      continue;
    }
    if ((decided[edge.stepId] ?? []).some((d) => d.decision === edge.decision)) taken.add(edge.id);
  }
  return taken;
}

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 64;
const END_SIZE = 120;

/** Top-to-bottom layered layout; returns the top-left corner of every node. */
export function layoutDiagram(nodes: readonly DiagramNode[], edges: readonly DiagramEdge[]): Record<string, { x: number; y: number }> {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 70, edgesep: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const size = (n: DiagramNode) => (n.kind === 'step' ? { width: NODE_WIDTH, height: NODE_HEIGHT } : { width: END_SIZE, height: 40 });
  for (const n of nodes) g.setNode(n.id, size(n));
  for (const e of edges) g.setEdge(e.source, e.target, { width: 60, height: 20 }, e.id);
  layout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const n of nodes) {
    const p = g.node(n.id) as { x: number; y: number };
    const s = size(n);
    out[n.id] = { x: p.x - s.width / 2, y: p.y - s.height / 2 };
  }
  return out;
}
