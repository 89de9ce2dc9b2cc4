// HPC cycle: the definition is data; this file holds only what data cannot say — the order of the phases
// (which depends on the planning format and the costing method), each phase's deadline (the planning calendar),
// and the checks of the needs and response-plan submissions against each other.
import { nextAnnualDate, type OperationCalendar } from '../../domain/calendar';
import { addDuration } from '../../domain/durations';
import type { FieldError } from '../../domain/definitions/types';
import { GPC_PROTECTION_RISKS, operationSettingsOf } from '../../domain/reference';
import type { EffectContext, GuardHandler, ProcessModule } from '../types';
import { HPC_CYCLE, HPC_PHASES, hpcCycleDefinition, type HpcPhase } from './hpc-cycle.definition';

export { HPC_CYCLE, HPC_PHASES, PHASE_STEPS, hpcCycleDefinition, type HpcPhase } from './hpc-cycle.definition';

export interface HpcCycleInput {
  operationId: string;
  year: number;
  variant: 'annual' | 'flash';
}

/** What the case keeps of its phases (case data `hpc`). */
export interface HpcCaseState {
  /** The phase whose trigger is awaited (null while a phase runs, or during the flash appeal). */
  expected: HpcPhase | null;
  /** The phase triggered last, its deadline and when it started. */
  phase: HpcPhase | null;
  deadline: string | null;
  startedAt: string | null;
  /** Monitoring rounds: 1, 2, … */
  quarter?: number;
  /** Duration of a submission window closing at the deadline (read by the project-vetting window). */
  windowDuration?: string;
  completed: HpcPhase[];
  history: { phase: HpcPhase; startedAt: string; deadline: string; quarter?: number }[];
}

export function hpcCycleId(operationId: string, year: number | string): string {
  return `${HPC_CYCLE}:${operationId}:${year}`;
}

export interface PhaseOptions {
  planningFormat?: string | null;
  costingMethod?: string | null;
}

/** The phases of this cycle, in order: the HNO only for `hno-hrp`, project vetting only for project-based costing. */
export function phaseSequence(opts: PhaseOptions): HpcPhase[] {
  return HPC_PHASES.filter((p) => (p !== 'hno' || opts.planningFormat === 'hno-hrp') && (p !== 'project-vetting' || opts.costingMethod !== 'unit-based'));
}

/** The phase that follows `phase` in this cycle (null after the last). */
export function phaseAfter(phase: HpcPhase, opts: PhaseOptions): HpcPhase | null {
  const seq = phaseSequence(opts);
  const i = seq.indexOf(phase);
  return i >= 0 && i + 1 < seq.length ? seq[i + 1] : null;
}

/** Default deadlines: months after the start of the planning cycle (June by default: June, August, …), or a duration. */
export const DEFAULT_PHASE_DEADLINES: Readonly<Record<HpcPhase, { monthOffset: number } | { after: string }>> = {
  kickoff: { monthOffset: 0 },
  'needs-analysis': { monthOffset: 2 },
  hno: { monthOffset: 3 },
  'response-planning': { monthOffset: 4 },
  'project-vetting': { monthOffset: 4 },
  'plan-endorsement': { monthOffset: 5 },
  monitoring: { after: '3 months' },
  'after-action-review': { monthOffset: 0 },
};

/** The dates agreed at kickoff (scope-agreement `calendar`), by phase. */
const CALENDAR_FIELDS: Partial<Record<HpcPhase, string>> = {
  'needs-analysis': 'needsAnalysis',
  hno: 'hno',
  'response-planning': 'responsePlanning',
  'project-vetting': 'projectVetting',
  'plan-endorsement': 'planEndorsement',
};

export interface DeadlineContext {
  nowMs: number;
  planningCycleStartMonth: number;
  calendar: OperationCalendar;
  /** scope-agreement `calendar`, when agreed. */
  agreed?: Record<string, unknown> | null;
}

/** A phase's deadline: the one OCHA sets, else the date agreed at kickoff, else the planning calendar's. */
export function phaseDeadline(phase: HpcPhase, given: string | null | undefined, ctx: DeadlineContext): number {
  if (given) return Date.parse(given);
  const agreedField = CALENDAR_FIELDS[phase];
  const agreed = agreedField ? ctx.agreed?.[agreedField] : undefined;
  if (typeof agreed === 'string' && Date.parse(agreed) > ctx.nowMs) return Date.parse(agreed);
  const rule = DEFAULT_PHASE_DEADLINES[phase];
  if ('after' in rule) return addDuration(ctx.nowMs, rule.after, 1, ctx.calendar);
  const month = ((ctx.planningCycleStartMonth - 1 + rule.monthOffset) % 12) + 1;
  return nextAnnualDate({ month, day: 'last' }, ctx.nowMs, ctx.calendar);
}

/** The message of a trigger out of order (null: this is the phase that comes next). */
export function phaseOrderRefusal(phase: string, expected: HpcPhase | null, opts: PhaseOptions): string | null {
  if (expected === null) return 'no phase can be triggered now: the running phase (or the flash appeal) must end first';
  if (phase === expected) return null;
  const seq = phaseSequence(opts);
  if (!seq.includes(phase as HpcPhase)) {
    const why = phase === 'hno' ? 'the operation plans with one HNRP' : 'the costing method is unit-based';
    return `phase ${phase} does not run in this cycle (${why}); ${expected} comes next`;
  }
  if (seq.indexOf(phase as HpcPhase) > seq.indexOf(expected)) return `phase ${expected} must come first (phases run in order and cannot be skipped)`;
  return `phase ${phase} has already run; ${expected} comes next`;
}

type CaseReader = Pick<EffectContext, 'caseData' | 'operation' | 'input'>;

function optionsOf(ctx: CaseReader): PhaseOptions {
  const agreed = ctx.caseData['scope-agreement'] as { costingMethod?: string } | undefined;
  return { planningFormat: ctx.operation ? operationSettingsOf(ctx.operation.settings).planningFormat : 'hnrp', costingMethod: agreed?.costingMethod ?? null };
}

export function hpcStateOf(ctx: Pick<EffectContext, 'caseData' | 'input'>): HpcCaseState {
  const s = ctx.caseData.hpc as HpcCaseState | undefined;
  if (s) return s;
  // Before any phase: the annual cycle waits for its kickoff; a flash appeal runs first.
  return { expected: ctx.input.variant === 'flash' ? null : 'kickoff', phase: null, deadline: null, startedAt: null, completed: [], history: [] };
}

function deadlineContext(ctx: EffectContext): DeadlineContext {
  const settings = operationSettingsOf(ctx.operation?.settings);
  return {
    nowMs: Date.parse(ctx.now),
    planningCycleStartMonth: settings.planningCycleStartMonth,
    calendar: { timeZone: settings.timeZone, weekendDays: settings.weekendDays, holidays: settings.holidays },
    agreed: (ctx.caseData['scope-agreement'] as { calendar?: Record<string, unknown> } | undefined)?.calendar ?? null,
  };
}

/** People in need of one cluster (its sectoral total) as the JIAF computation found it. */
export function sectoralPeopleInNeed(caseData: Readonly<Record<string, unknown>>, sector: string): number {
  const jiaf = caseData['jiaf-computation'] as { bySector?: Record<string, { peopleInNeed: number }> } | undefined;
  return jiaf?.bySector?.[sector]?.peopleInNeed ?? 0;
}

/** Protection rates each of the 15 GPC risks once for every area of its needs rows. */
export function protectionRisksProblem(data: Record<string, unknown>): FieldError | null {
  const rows = Array.isArray(data.rows) ? (data.rows as { adminArea?: unknown }[]) : [];
  const risks = Array.isArray(data.protectionRisks) ? (data.protectionRisks as { adminArea?: unknown; risk?: unknown }[]) : [];
  const areas = [...new Set(rows.map((r) => String(r.adminArea)))];
  for (const area of areas) {
    const rated = risks.filter((r) => String(r.adminArea) === area).map((r) => String(r.risk));
    const missing = GPC_PROTECTION_RISKS.filter((r) => !rated.includes(r.id));
    if (missing.length > 0) {
      return { field: 'protectionRisks', message: `protectionRisks must rate each of the ${GPC_PROTECTION_RISKS.length} GPC protection risks for every area: ${area} lacks ${missing.map((m) => m.id).join(', ')}` };
    }
    if (new Set(rated).size !== rated.length) return { field: 'protectionRisks', message: `protectionRisks must rate each risk once per area: ${area} rates a risk twice` };
  }
  return null;
}

const guards: Record<string, GuardHandler> = {
  'phase-in-order': (ctx) => phaseOrderRefusal(String(ctx.data?.phase ?? ''), hpcStateOf(ctx).expected, optionsOf(ctx)),
  'targeted-within-need': (ctx) => {
    const sector = ctx.task?.sector ?? '';
    const pin = sectoralPeopleInNeed(ctx.caseData, sector);
    const targeted = Number(ctx.data?.peopleTargeted ?? 0);
    return targeted > pin ? { field: 'peopleTargeted', message: `peopleTargeted must not be greater than the people in need of the ${sector} cluster (${pin})` } : null;
  },
  'protection-risks-complete': (ctx) => (ctx.task?.sector === 'protection' ? protectionRisksProblem(ctx.data ?? {}) : null),
};

function save(ctx: EffectContext, next: HpcCaseState): void {
  ctx.setCaseData('hpc', next);
}

export const hpcCycle: ProcessModule<HpcCycleInput> = {
  type: HPC_CYCLE,
  definition: hpcCycleDefinition,
  workflowId: (i) => hpcCycleId(i.operationId, i.year),
  subject: (i) => ({ operationId: i.operationId, clusterId: null, sector: null, year: i.year, variant: i.variant }),
  title: (i, op) => `${i.variant === 'flash' ? 'Flash appeal' : 'Humanitarian programme cycle'} ${i.year}${op ? ` — ${op.name}` : ''}`,
  guards,
  effects: {
    /** OCHA started a phase: its deadline (given, agreed at kickoff, or the planning calendar's) dates every step in it. */
    'phase-started': (ctx) => {
      const phase = String(ctx.data?.phase) as HpcPhase;
      const state = hpcStateOf(ctx);
      const deadline = phaseDeadline(phase, ctx.data?.deadline as string | undefined, deadlineContext(ctx));
      const deadlineIso = new Date(deadline).toISOString();
      const quarter = phase === 'monitoring' ? 1 : state.quarter;
      save(ctx, {
        ...state,
        expected: null,
        phase,
        deadline: deadlineIso,
        startedAt: ctx.now,
        ...(quarter !== undefined ? { quarter } : {}),
        windowDuration: `${Math.max(1, deadline - Date.parse(ctx.now))} ms`,
        history: [...state.history, { phase, startedAt: ctx.now, deadline: deadlineIso, ...(phase === 'monitoring' ? { quarter: 1 } : {}) }],
      });
    },
    /** A phase ended (`after`) or is sent back (`phase`): which phase's trigger comes next. */
    'expect-phase': (ctx) => {
      const state = hpcStateOf(ctx);
      const after = ctx.args.after as HpcPhase | undefined;
      const expected = after ? phaseAfter(after, optionsOf(ctx)) : (ctx.args.phase as HpcPhase);
      save(ctx, { ...state, expected, completed: after && !state.completed.includes(after) ? [...state.completed, after] : state.completed });
    },
    /** Another monitoring quarter: the next deadline three months after the last one. */
    'next-quarter': (ctx) => {
      const state = hpcStateOf(ctx);
      const dc = deadlineContext(ctx);
      const base = state.deadline ? Date.parse(state.deadline) : dc.nowMs;
      let next = addDuration(base, '3 months', 1, dc.calendar);
      if (next <= dc.nowMs) next = addDuration(dc.nowMs, '3 months', 1, dc.calendar);
      const quarter = (state.quarter ?? 1) + 1;
      const deadline = new Date(next).toISOString();
      save(ctx, { ...state, deadline, startedAt: ctx.now, quarter, history: [...state.history, { phase: 'monitoring', startedAt: ctx.now, deadline, quarter }] });
    },
  },
};
