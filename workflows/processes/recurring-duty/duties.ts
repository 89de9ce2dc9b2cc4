// PROCESSES.md §6 (revision 2): the clusters' recurring duties (GPC minimum requirements). Ids are the contract.
export const PROTECTION_AND_AORS = ['protection', 'gbv', 'child-protection', 'mine-action', 'hlp'] as const;

export type DutyCadence = 'month' | 'quarter';

export interface DutySpec {
  id: string;
  label: string;
  every: DutyCadence;
  /** Sectors the duty applies to (null: every cluster). */
  sectors: readonly string[] | null;
}

export const DUTIES: readonly DutySpec[] = [
  { id: '5w-update', label: '5W update', every: 'month', sectors: null },
  { id: 'funding-update', label: 'Funding update', every: 'month', sectors: null },
  { id: 'gpc-data-update', label: 'GPC data update', every: 'quarter', sectors: PROTECTION_AND_AORS },
  { id: 'protection-analysis-update', label: 'Protection analysis update', every: 'quarter', sectors: ['protection'] },
  { id: 'gpc-operation-page-update', label: 'GPC operation page update', every: 'quarter', sectors: PROTECTION_AND_AORS },
  { id: 'hct-briefing', label: 'HCT briefing', every: 'quarter', sectors: null },
  { id: 'donor-briefing', label: 'Donor briefing', every: 'quarter', sectors: null },
  { id: 'cla-briefing', label: 'Cluster lead agency briefing', every: 'quarter', sectors: null },
];

export const DUTY_IDS: readonly string[] = DUTIES.map((d) => d.id);
export const QUARTERLY_DUTY_IDS: readonly string[] = DUTIES.filter((d) => d.every === 'quarter').map((d) => d.id);

/** The duties of a cluster of this sector (Protection and its AoRs get the GPC ones). */
export function dutiesOf(sector: string): DutySpec[] {
  return DUTIES.filter((d) => d.sectors === null || d.sectors.includes(sector));
}

export function dutySpec(id: string): DutySpec | undefined {
  return DUTIES.find((d) => d.id === id);
}

/** Whether a cluster's duty schedules are paused: in transition, when its operation wants it (the one rule). */
export function dutySchedulesPaused(clusterStatus: string, settings: { pauseDutiesInTransition?: boolean }): boolean {
  return clusterStatus === 'in-transition' && settings.pauseDutiesInTransition === true;
}

/** The Temporal Schedule of a cluster's duty (one per cluster and duty). */
export function dutyScheduleId(clusterId: string, duty: string): string {
  return `duty:${clusterId}:${duty}`;
}
