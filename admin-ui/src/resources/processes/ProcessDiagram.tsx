import '@xyflow/react/dist/style.css';
import { Box, Paper, Stack, Typography } from '@mui/material';
import { Background, BaseEdge, Controls, EdgeLabelRenderer, Handle, MarkerType, Position, ReactFlow, type Edge, type EdgeProps, type Node, type NodeProps } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Loading, useLocaleState, useTranslate } from 'react-admin';
import { isRtl } from '../../i18n';
import type { ProcessDefinition } from '../../../../workflows/domain';
import { useDefinitionLabels } from '../../definitions';
import { diagramOf, layoutDiagram, NODE_WIDTH, type DiagramLayout, type DiagramNode, type StepState } from '../../util/diagram';

const STATE_STYLE: Record<StepState, { border: string; background: string; color: string; mark: string }> = {
  done: { border: '#2e7d32', background: '#e8f5e9', color: '#1b5e20', mark: '✓' },
  current: { border: '#1565c0', background: '#e3f2fd', color: '#0d47a1', mark: '●' },
  overdue: { border: '#c62828', background: '#ffebee', color: '#b71c1c', mark: '!' },
  idle: { border: '#9e9e9e', background: '#fafafa', color: '#424242', mark: '○' },
};

/** Below this zoom the captions are too small to read: the diagram scrolls instead of shrinking further. */
export const MIN_READABLE_ZOOM = 0.8;

type StepNodeData = { title: string; lines: string[]; state: StepState; selected: boolean; stepId: string; height: number; onSelect: (stepId: string) => void; dir: 'ltr' | 'rtl' };
type EndNodeData = { label: string; reached: boolean; kind: 'start' | 'end'; width: number };
type RoutedEdgeData = { points: { x: number; y: number }[]; label?: string; labelAt: { x: number; y: number } | null; taken: boolean; dir: 'ltr' | 'rtl' };

const StepNode = ({ data }: NodeProps<Node<StepNodeData>>) => {
  const s = STATE_STYLE[data.state];
  return (
    <Box
      data-testid={`step-${data.stepId}`}
      data-state={data.state}
      role="button"
      tabIndex={0}
      aria-pressed={data.selected}
      onKeyDown={(e) => {
        // Keyboard users open a step's details like a click does.
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          data.onSelect(data.stepId);
        }
      }}
      dir={data.dir}
      sx={{
        width: NODE_WIDTH,
        minHeight: data.height,
        border: `${data.state === 'current' || data.state === 'overdue' ? 3 : 1.5}px ${data.state === 'idle' ? 'dashed' : 'solid'} ${s.border}`,
        outline: data.selected ? '3px solid rgba(31,90,166,0.45)' : 'none',
        borderRadius: 1.5,
        background: s.background,
        color: s.color,
        px: 1.25,
        py: 0.75,
        boxSizing: 'border-box',
        cursor: 'pointer',
        '&:focus-visible': { outline: '3px solid #1f5aa6', outlineOffset: 2 },
      }}
    >
      <Handle type="target" position={Position.Top} style={{ opacity: 0 }} />
      {/* Wrapped, never cut: the layout gave the node the height its text needs. */}
      <Typography variant="body2" sx={{ fontWeight: 600, lineHeight: 1.3, overflowWrap: 'anywhere' }}>
        <span aria-hidden style={{ marginInlineEnd: 4 }}>
          {s.mark}
        </span>
        {data.title}
      </Typography>
      {data.lines.map((l, i) => (
        <Typography key={i} variant="caption" component="div" sx={{ lineHeight: 1.3, opacity: 0.9, overflowWrap: 'anywhere' }} data-testid={i === data.lines.length - 1 && data.lines.length > 1 ? 'step-due' : undefined}>
          {l}
        </Typography>
      ))}
      <Handle type="source" position={Position.Bottom} style={{ opacity: 0 }} />
    </Box>
  );
};

const TerminalNode = ({ data }: NodeProps<Node<EndNodeData>>) => (
  <Box
    sx={{
      width: data.width,
      height: 44,
      borderRadius: 22,
      border: `2px solid ${data.reached ? '#2e7d32' : '#757575'}`,
      background: data.kind === 'start' ? '#eceff1' : data.reached ? '#e8f5e9' : '#fff',
      color: '#212121',
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      fontSize: 13,
      fontWeight: data.reached ? 700 : 400,
      textAlign: 'center',
      px: 1,
      boxSizing: 'border-box',
    }}
  >
    <Handle type="target" position={Position.Top} style={{ opacity: 0 }} />
    {data.label}
    <Handle type="source" position={Position.Bottom} style={{ opacity: 0 }} />
  </Box>
);

/** An edge drawn along ELK's orthogonal route, its label where ELK placed it (labels never overlap). */
const RoutedEdge = ({ id, data, markerEnd, style }: EdgeProps<Edge<RoutedEdgeData>>) => {
  if (!data || data.points.length < 2) return null;
  const path = data.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />
      {data.label && data.labelAt && (
        <EdgeLabelRenderer>
          <Box
            className="nodrag nopan"
            dir={data.dir}
            // Inline, not sx: the right-to-left style plugin must not mirror canvas coordinates.
            style={{ position: 'absolute', left: 0, top: 0, transform: `translate(-50%, -50%) translate(${data.labelAt.x}px, ${data.labelAt.y}px)` }}
            sx={{
              fontSize: 12,
              lineHeight: '16px',
              px: 0.5,
              borderRadius: 0.5,
              background: 'rgba(255,255,255,0.95)',
              color: data.taken ? '#1b5e20' : '#424242',
              fontWeight: data.taken ? 700 : 400,
              whiteSpace: 'nowrap',
              pointerEvents: 'none',
            }}
          >
            {data.label}
          </Box>
        </EdgeLabelRenderer>
      )}
    </>
  );
};

const nodeTypes = { step: StepNode, terminal: TerminalNode };
const edgeTypes = { routed: RoutedEdge };

interface Props {
  definition: ProcessDefinition;
  states: Record<string, StepState>;
  taken: Set<string>;
  outcome: string | null;
  selected: string | null;
  onSelect: (stepId: string) => void;
  /** The case's own due time per open step (its overrides, not the definition's defaults), already formatted. */
  dues?: Record<string, string>;
  /** Live facts per step from the case's step instances: "7 of 12 done", a window's closing time, linked cases. */
  progress?: Record<string, string[]>;
}

/** The live diagram: the definition's steps and transitions, laid out by ELK, states marked by colour, symbol and text. */
export const ProcessDiagram = ({ definition, states, taken, outcome, selected, onSelect, dues = {}, progress = {} }: Props) => {
  const labels = useDefinitionLabels();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const dir = isRtl(locale) ? 'rtl' : 'ltr';
  const model = useMemo(() => diagramOf(definition), [definition]);
  const text = useMemo(() => {
    const byNode = new Map<string, { title: string; lines: string[] }>();
    for (const n of model.nodes) {
      if (n.kind === 'step') {
        const step = definition.steps.find((s) => s.id === n.stepId)!;
        const state = states[step.id] ?? 'idle';
        const roles = step.roles.map((r) => translate(`hpc.roles.${r}`, { _: r })).join(', ');
        const lines = [`${translate(`hpc.diagram.states.${state}`)} · ${roles}`];
        if (dues[step.id]) lines.push(translate('hpc.diagram.due_on', { due: dues[step.id] }));
        for (const line of progress[step.id] ?? []) lines.push(line);
        byNode.set(n.id, { title: labels.stepTitle(definition.type, step.id), lines });
      } else {
        byNode.set(n.id, { title: n.kind === 'start' ? translate('hpc.diagram.start') : labels.outcomeLabel(definition.type, n.outcome!), lines: [] });
      }
    }
    return byNode;
  }, [model, definition, states, dues, progress, labels, translate]);
  const edgeLabel = useMemo(
    () => (e: { stepId: string | null; decision: string | null }) => (e.decision && e.stepId ? labels.decisionLabel(definition.type, e.stepId, e.decision) : undefined),
    [labels, definition.type],
  );

  const [laidOut, setLayout] = useState<DiagramLayout | null>(null);
  // Keyed by what the layout depends on (texts and labels), not by object identity: a re-render with the
  // same content must not restart ELK, or a page that re-renders often would never get its diagram.
  const signature = useMemo(
    () => JSON.stringify([model.nodes.map((n) => [n.id, text.get(n.id)]), model.edges.map((e) => [e.id, edgeLabel(e)])]),
    [model, text, edgeLabel],
  );
  const inputs = useRef({ model, text, edgeLabel });
  inputs.current = { model, text, edgeLabel };
  useEffect(() => {
    let live = true;
    const { model: m, text: t, edgeLabel: label } = inputs.current;
    void layoutDiagram(m.nodes, m.edges, (n: DiagramNode) => t.get(n.id)!, label).then((l) => live && setLayout(l));
    return () => {
      live = false;
    };
  }, [signature]);

  // Another case's layout (the page moved from one case to the next) is not this one's: wait for ours.
  const layout = laidOut && model.nodes.every((n) => laidOut.nodes[n.id]) ? laidOut : null;
  const { nodes, edges } = useMemo(() => {
    if (!layout) return { nodes: [] as Node[], edges: [] as Edge[] };
    const rfNodes: Node[] = model.nodes.map((n) => {
      const box = layout.nodes[n.id];
      const t = text.get(n.id)!;
      if (n.kind === 'step') {
        return {
          id: n.id,
          type: 'step',
          position: { x: box.x, y: box.y },
          data: { stepId: n.stepId!, title: t.title, lines: t.lines, state: states[n.stepId!] ?? 'idle', selected: selected === n.stepId, height: box.height, onSelect, dir } satisfies StepNodeData,
        };
      }
      return {
        id: n.id,
        type: 'terminal',
        position: { x: box.x, y: box.y },
        selectable: false,
        data: { kind: n.kind as 'start' | 'end', label: t.title, reached: n.kind === 'start' || n.outcome === outcome, width: box.width } satisfies EndNodeData,
      };
    });
    const rfEdges: Edge[] = model.edges.map((e) => {
      const isTaken = taken.has(e.id);
      const routed = layout.edges[e.id];
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        type: 'routed',
        markerEnd: { type: MarkerType.ArrowClosed, color: isTaken ? '#2e7d32' : '#757575' },
        style: { stroke: isTaken ? '#2e7d32' : '#9e9e9e', strokeWidth: isTaken ? 2.5 : 1.2 },
        data: { points: routed?.points ?? [], label: edgeLabel(e), labelAt: routed?.label ?? null, taken: isTaken, dir } satisfies RoutedEdgeData,
      };
    });
    return { nodes: rfNodes, edges: rfEdges };
  }, [layout, model, text, states, selected, outcome, taken, edgeLabel, onSelect, dir]);

  // Tall and wide enough for the whole diagram at a readable zoom: the page scrolls down and the canvas scrolls
  // sideways; the diagram neither shrinks nor is cut at the edges.
  const zoom = Math.max(MIN_READABLE_ZOOM, 0.9);
  const height = layout ? Math.max(420, Math.ceil(layout.height * zoom) + 80) : 420;
  const width = layout ? Math.ceil(layout.width * zoom) + 80 : 0;
  return (
    // The canvas keeps ELK's left-to-right coordinates in every language; texts inside keep the page's direction.
    <Paper variant="outlined" sx={{ height, position: 'relative', overflowX: 'auto', overflowY: 'hidden' }} data-testid="process-diagram" data-layout={layout ? 'elk' : 'pending'} dir="ltr">
      {!layout ? (
        <Loading />
      ) : (
        <Box sx={{ height: '100%', width: `max(100%, ${width}px)` }} data-testid="diagram-canvas">
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            fitView
            fitViewOptions={{ padding: 0.05, minZoom: MIN_READABLE_ZOOM, maxZoom: 1 }}
            nodesDraggable={false}
            nodesConnectable={false}
            zoomOnScroll={false}
            panOnScroll={false}
            preventScrolling={false}
            minZoom={MIN_READABLE_ZOOM}
            maxZoom={1.5}
            onNodeClick={(_, node) => {
              if (node.type === 'step') onSelect(node.id);
            }}
          >
            <Background gap={16} color="#eee" />
            <Controls showInteractive={false} />
          </ReactFlow>
        </Box>
      )}
      <Stack direction="row" spacing={2} sx={{ position: 'absolute', top: 8, insetInlineStart: 12, zIndex: 5, background: 'rgba(255,255,255,0.9)', px: 1, borderRadius: 1 }}>
        {(['done', 'current', 'overdue', 'idle'] as StepState[]).map((s) => (
          <Stack key={s} direction="row" spacing={0.5} alignItems="center">
            <Box sx={{ width: 14, height: 14, borderRadius: 0.5, border: `2px ${s === 'idle' ? 'dashed' : 'solid'} ${STATE_STYLE[s].border}`, background: STATE_STYLE[s].background, fontSize: 10, lineHeight: '10px', textAlign: 'center', color: STATE_STYLE[s].color }} aria-hidden>
              {STATE_STYLE[s].mark}
            </Box>
            <Typography variant="caption">{translate(`hpc.diagram.states.${s}`)}</Typography>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
};
