// The process diagram as data: the definition's steps and transitions, each step's live state, and
// an automatic layout (ELK layered, orthogonal edges, edge labels placed by the layout so they never
// sit on each other). Pure apart from ELK's own promise, so it is unit-tested without a browser.
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { DecisionSpec, ProcessDefinition } from '../../../workflows/domain';
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

/** Where a transition can lead: its steps, its end, or every branch of its conditional rules. */
export function targetsOf(next: unknown): string[] {
  if (Array.isArray(next)) return [...(next as string[])];
  if (next && typeof next === 'object' && 'end' in next) return [endNodeId((next as { end: string }).end)];
  const rules = (next as { rules?: readonly ({ to: readonly string[] } | { end: string })[] } | null)?.rules ?? [];
  return [...new Set(rules.flatMap((r) => ('end' in r ? [endNodeId(r.end)] : [...r.to])))];
}

/** Where a decision can lead. */
export const decisionTargets = (d: DecisionSpec): string[] => targetsOf(d.next);

/** Nodes and edges straight from the definition: start → initial steps, each decision → its targets or an end. */
export function diagramOf(definition: ProcessDefinition): { nodes: DiagramNode[]; edges: DiagramEdge[] } {
  const nodes: DiagramNode[] = [{ id: START_NODE, kind: 'start' }];
  const edges: DiagramEdge[] = [];
  const stepIds = new Set(definition.steps.map((s) => s.id));
  for (const step of definition.steps) nodes.push({ id: step.id, kind: 'step', stepId: step.id });
  const ends = new Set<string>();
  for (const first of targetsOf(definition.initialSteps)) {
    if (first.startsWith('end:')) ends.add(first.slice(4));
    edges.push({ id: `${START_NODE}->${first}`, source: START_NODE, target: first, stepId: null, decision: null });
  }
  for (const step of definition.steps) {
    // A task's decisions, and how a fan-out, window, vote or system step ended (its results).
    for (const d of [...step.decisions, ...(step.results ?? [])]) {
      for (const target of decisionTargets(d)) {
        if (target.startsWith('end:')) ends.add(target.slice(4));
        else if (!stepIds.has(target)) continue;
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

export const NODE_WIDTH = 240;
const TERMINAL = { width: 140, height: 44 };
/** Average glyph width of the diagram's 12–13 px text, used to size nodes and labels before drawing. */
const CHAR_WIDTH = 7;
const LINE = 18;

/** How many lines a caption takes when wrapped to `width` pixels (the diagram wraps rather than cuts text). */
export function wrappedLines(text: string, width: number, charWidth = CHAR_WIDTH): number {
  const perLine = Math.max(1, Math.floor(width / charWidth));
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const len = word.length;
    if (used === 0) used = len;
    else if (used + 1 + len <= perLine) used += 1 + len;
    else {
      lines += 1;
      used = len;
    }
    while (used > perLine) {
      lines += 1;
      used -= perLine;
    }
  }
  return lines;
}

/** What a node shows, so the layout can give it the room its wrapped text needs. */
export interface NodeText {
  title: string;
  lines: string[];
}

export interface LaidOutNode {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge {
  /** Start, bends and end of the orthogonal route. */
  points: { x: number; y: number }[];
  /** Centre of the edge's label, where ELK placed it. */
  label: { x: number; y: number; width: number; height: number } | null;
}

export interface DiagramLayout {
  nodes: Record<string, LaidOutNode>;
  edges: Record<string, LaidOutEdge>;
  width: number;
  height: number;
}

/** A step node's height for its wrapped title and caption lines. */
export function stepNodeHeight(text: NodeText): number {
  const inner = NODE_WIDTH - 20;
  const titleLines = wrappedLines(text.title, inner, CHAR_WIDTH * 1.05);
  const captionLines = text.lines.reduce((n, l) => n + wrappedLines(l, inner, CHAR_WIDTH * 0.92), 0);
  return 16 + titleLines * LINE + captionLines * 16;
}

const elk = new ELK();

/**
 * Top-to-bottom layered layout (ELK) with orthogonal edge routing and edge labels placed by the layout
 * (centre of their edge, no overlaps); loop-backs are routed around the nodes, not drawn as hooks.
 */
export async function layoutDiagram(
  nodes: readonly DiagramNode[],
  edges: readonly DiagramEdge[],
  text: (node: DiagramNode) => NodeText = (n) => ({ title: n.stepId ?? n.outcome ?? n.id, lines: [] }),
  edgeLabel: (edge: DiagramEdge) => string | undefined = (e) => e.decision ?? undefined,
): Promise<DiagramLayout> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '48',
      'elk.layered.spacing.nodeNodeBetweenLayers': '72',
      'elk.spacing.edgeNode': '24',
      'elk.spacing.edgeEdge': '14',
      'elk.spacing.edgeLabel': '6',
      'elk.layered.spacing.edgeNodeBetweenLayers': '24',
      'elk.edgeLabels.inline': 'false',
      'elk.layered.edgeLabels.sideSelection': 'SMART_DOWN',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children: nodes.map((n) =>
      n.kind === 'step'
        ? { id: n.id, width: NODE_WIDTH, height: stepNodeHeight(text(n)) }
        : { id: n.id, width: Math.max(TERMINAL.width, text(n).title.length * CHAR_WIDTH + 28), height: TERMINAL.height },
    ),
    edges: edges.map((e): ElkExtendedEdge => {
      const label = edgeLabel(e);
      return {
        id: e.id,
        sources: [e.source],
        targets: [e.target],
        labels: label ? [{ id: `${e.id}:label`, text: label, width: label.length * CHAR_WIDTH * 0.9 + 12, height: 18, layoutOptions: { 'elk.edgeLabels.placement': 'CENTER' } }] : [],
      };
    }),
  };
  const out = await elk.layout(graph);
  const laidNodes: DiagramLayout['nodes'] = {};
  for (const c of out.children ?? []) laidNodes[c.id] = { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 };
  const laidEdges: DiagramLayout['edges'] = {};
  for (const e of (out.edges ?? []) as ElkExtendedEdge[]) {
    const section = e.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    const l = e.labels?.[0];
    laidEdges[e.id] = {
      points,
      label: l ? { x: (l.x ?? 0) + (l.width ?? 0) / 2, y: (l.y ?? 0) + (l.height ?? 0) / 2, width: l.width ?? 0, height: l.height ?? 0 } : null,
    };
  }
  return { nodes: laidNodes, edges: laidEdges, width: out.width ?? 0, height: out.height ?? 0 };
}
