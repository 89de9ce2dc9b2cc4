import '@xyflow/react/dist/style.css';
import { Box, Paper, Stack, Typography } from '@mui/material';
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { useMemo } from 'react';
import { useTranslate } from 'react-admin';
import type { ProcessDefinition } from '../../../../workflows/domain';
import { useDefinitionLabels } from '../../definitions';
import { diagramOf, layoutDiagram, NODE_HEIGHT, NODE_WIDTH, type StepState } from '../../util/diagram';

const STATE_STYLE: Record<StepState, { border: string; background: string; color: string }> = {
  done: { border: '#2e7d32', background: '#e8f5e9', color: '#1b5e20' },
  current: { border: '#1565c0', background: '#e3f2fd', color: '#0d47a1' },
  overdue: { border: '#c62828', background: '#ffebee', color: '#b71c1c' },
  idle: { border: '#bdbdbd', background: '#fafafa', color: '#616161' },
};

type StepNodeData = { title: string; roles: string; state: StepState; stateLabel: string; selected: boolean; stepId: string };
type EndNodeData = { label: string; reached: boolean; kind: 'start' | 'end' };

const StepNode = ({ data }: NodeProps<Node<StepNodeData>>) => {
  const s = STATE_STYLE[data.state];
  return (
    <Box
      data-testid={`step-${data.stepId}`}
      data-state={data.state}
      sx={{
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        border: `${data.state === 'current' || data.state === 'overdue' ? 3 : 1.5}px solid ${s.border}`,
        outline: data.selected ? '3px solid rgba(31,90,166,0.35)' : 'none',
        borderRadius: 1.5,
        background: s.background,
        color: s.color,
        px: 1,
        py: 0.5,
        boxSizing: 'border-box',
        cursor: 'pointer',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'center',
        boxShadow: data.state === 'current' ? '0 0 0 4px rgba(21,101,192,0.15)' : 'none',
      }}
    >
      <Handle type="target" position={Position.Top} style={{ opacity: 0 }} />
      <Typography variant="body2" sx={{ fontWeight: 600, lineHeight: 1.2, overflow: 'hidden', textOverflow: 'ellipsis', display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical' }}>
        {data.title}
      </Typography>
      <Typography variant="caption" sx={{ opacity: 0.85, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {data.stateLabel} · {data.roles}
      </Typography>
      <Handle type="source" position={Position.Bottom} style={{ opacity: 0 }} />
    </Box>
  );
};

const TerminalNode = ({ data }: NodeProps<Node<EndNodeData>>) => (
  <Box
    sx={{
      width: 120,
      height: 40,
      borderRadius: 20,
      border: `2px solid ${data.reached ? '#2e7d32' : '#9e9e9e'}`,
      background: data.kind === 'start' ? '#eceff1' : data.reached ? '#e8f5e9' : '#fff',
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      fontSize: 12,
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

const nodeTypes = { step: StepNode, terminal: TerminalNode };

interface Props {
  definition: ProcessDefinition;
  states: Record<string, StepState>;
  taken: Set<string>;
  outcome: string | null;
  selected: string | null;
  onSelect: (stepId: string) => void;
}

/** The live diagram: the definition's steps and transitions, laid out by dagre, states marked. */
export const ProcessDiagram = ({ definition, states, taken, outcome, selected, onSelect }: Props) => {
  const labels = useDefinitionLabels();
  const translate = useTranslate();
  const { nodes, edges } = useMemo(() => {
    const model = diagramOf(definition);
    const pos = layoutDiagram(model.nodes, model.edges);
    const rfNodes: Node[] = model.nodes.map((n) => {
      if (n.kind === 'step') {
        const step = definition.steps.find((s) => s.id === n.stepId)!;
        const state = states[step.id] ?? 'idle';
        return {
          id: n.id,
          type: 'step',
          position: pos[n.id],
          data: {
            stepId: step.id,
            title: labels.stepTitle(definition.type, step.id),
            roles: step.roles.map((r) => translate(`hpc.roles.${r}`, { _: r })).join(', '),
            state,
            stateLabel: translate(`hpc.diagram.states.${state}`),
            selected: selected === step.id,
          } satisfies StepNodeData,
        };
      }
      return {
        id: n.id,
        type: 'terminal',
        position: pos[n.id],
        selectable: false,
        data: {
          kind: n.kind as 'start' | 'end',
          label: n.kind === 'start' ? translate('hpc.diagram.start') : labels.outcomeLabel(definition.type, n.outcome!),
          reached: n.kind === 'start' || n.outcome === outcome,
        } satisfies EndNodeData,
      };
    });
    const rfEdges: Edge[] = model.edges.map((e) => {
      const isTaken = taken.has(e.id);
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        label: e.decision && e.stepId ? labels.decisionLabel(definition.type, e.stepId, e.decision) : undefined,
        type: 'smoothstep',
        animated: false,
        markerEnd: { type: MarkerType.ArrowClosed, color: isTaken ? '#2e7d32' : '#9e9e9e' },
        style: { stroke: isTaken ? '#2e7d32' : '#b0b0b0', strokeWidth: isTaken ? 2.5 : 1.2 },
        labelStyle: { fontSize: 11, fill: isTaken ? '#1b5e20' : '#616161', fontWeight: isTaken ? 600 : 400 },
        labelBgStyle: { fill: '#ffffff', fillOpacity: 0.9 },
      };
    });
    return { nodes: rfNodes, edges: rfEdges };
  }, [definition, states, taken, outcome, selected, labels, translate]);

  return (
    <Paper variant="outlined" sx={{ height: 640, position: 'relative' }} data-testid="process-diagram">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.1 }}
        nodesDraggable={false}
        nodesConnectable={false}
        zoomOnScroll={false}
        preventScrolling={false}
        minZoom={0.2}
        onNodeClick={(_, node) => {
          if (node.type === 'step') onSelect(node.id);
        }}
      >
        <Background gap={16} color="#eee" />
        <Controls showInteractive={false} />
      </ReactFlow>
      <Stack direction="row" spacing={2} sx={{ position: 'absolute', top: 8, left: 12, zIndex: 5, background: 'rgba(255,255,255,0.85)', px: 1, borderRadius: 1 }}>
        {(['done', 'current', 'overdue', 'idle'] as StepState[]).map((s) => (
          <Stack key={s} direction="row" spacing={0.5} alignItems="center">
            <Box sx={{ width: 12, height: 12, borderRadius: 0.5, border: `2px solid ${STATE_STYLE[s].border}`, background: STATE_STYLE[s].background }} />
            <Typography variant="caption">{translate(`hpc.diagram.states.${s}`)}</Typography>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
};
