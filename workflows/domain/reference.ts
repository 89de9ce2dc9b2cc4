// Reference data shapes shared by the API, the workflows and the console (plain JSON only).

export const SECTORS = [
  'protection',
  'food-security',
  'health',
  'wash',
  'shelter',
  'cccm',
  'nutrition',
  'education',
  'logistics',
  'emergency-telecommunications',
  'early-recovery',
] as const;
/** Protection's Areas of Responsibility: sub-clusters, sector ids too. */
export const AREAS_OF_RESPONSIBILITY = ['gbv', 'child-protection', 'mine-action', 'hlp'] as const;
export const ALL_SECTORS = [...SECTORS, ...AREAS_OF_RESPONSIBILITY] as const;
export type Sector = (typeof ALL_SECTORS)[number];

export type AreaOfResponsibility = (typeof AREAS_OF_RESPONSIBILITY)[number];
/** Every AoR hangs under the operation's Protection cluster. */
export const PARENT_SECTOR_OF_AOR: Readonly<Record<AreaOfResponsibility, 'protection'>> = {
  gbv: 'protection',
  'child-protection': 'protection',
  'mine-action': 'protection',
  hlp: 'protection',
};
export function isAreaOfResponsibility(sector: unknown): sector is AreaOfResponsibility {
  return typeof sector === 'string' && (AREAS_OF_RESPONSIBILITY as readonly string[]).includes(sector);
}

/** `refugee`: UNHCR leads under the Refugee Coordination Model, so no clusters; `mixed`: both apply. */
export const OPERATION_TYPES = ['sudden-onset', 'protracted', 'refugee', 'mixed'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const PLANNING_FORMATS = ['hnrp', 'hno-hrp'] as const;
export type PlanningFormat = (typeof PLANNING_FORMATS)[number];

/** One step's duration overrides (duration strings such as '10 working days'). */
export interface StepDurationOverride {
  due?: string;
  reminders?: string[];
  escalation?: string;
}

/** Per-operation settings: its calendar, planning cycle and duration overrides (per process type, then step). */
export interface OperationSettings {
  /** IANA time zone, e.g. 'Africa/Juba'. */
  timeZone: string;
  /** 0 = Sunday … 6 = Saturday, e.g. [5, 6] for Friday–Saturday. */
  weekendDays: number[];
  /** Public holidays as YYYY-MM-DD in the operation's time zone. */
  holidays: string[];
  /** 1–12; the annual review is due the last day of the month before it. */
  planningCycleStartMonth: number;
  planningFormat: PlanningFormat;
  durationOverrides: Record<string, Record<string, StepDurationOverride>>;
  /** A cluster's recurring-duty schedules are paused while it is in transition (resumed when it leaves). */
  pauseDutiesInTransition: boolean;
}

export const DEFAULT_OPERATION_SETTINGS: Readonly<OperationSettings> = Object.freeze({
  timeZone: 'UTC',
  weekendDays: [6, 0],
  holidays: [],
  planningCycleStartMonth: 6,
  planningFormat: 'hnrp',
  durationOverrides: {},
  pauseDutiesInTransition: false,
});

/** Stored settings may be partial (the column defaults to {}): fill the gaps with the defaults. */
export function operationSettingsOf(stored: Partial<OperationSettings> | null | undefined): OperationSettings {
  const s = stored ?? {};
  return {
    timeZone: s.timeZone ?? DEFAULT_OPERATION_SETTINGS.timeZone,
    weekendDays: [...(s.weekendDays ?? DEFAULT_OPERATION_SETTINGS.weekendDays)],
    holidays: [...(s.holidays ?? DEFAULT_OPERATION_SETTINGS.holidays)],
    planningCycleStartMonth: s.planningCycleStartMonth ?? DEFAULT_OPERATION_SETTINGS.planningCycleStartMonth,
    planningFormat: s.planningFormat ?? DEFAULT_OPERATION_SETTINGS.planningFormat,
    durationOverrides: s.durationOverrides ?? {},
    pauseDutiesInTransition: s.pauseDutiesInTransition ?? DEFAULT_OPERATION_SETTINGS.pauseDutiesInTransition,
  };
}

export const ORGANISATION_TYPES = ['un-agency', 'ingo', 'nngo', 'lngo', 'government', 'red-cross'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
/** National and local NGOs count towards localisation. */
export const LOCAL_ORGANISATION_TYPES: readonly OrganisationType[] = ['nngo', 'lngo'];

/** From the pooled fund's due diligence; null = not eligible for CBPF. */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const CLUSTER_MEMBER_STATUSES = ['member', 'requested', 'left'] as const;
export type ClusterMemberStatus = (typeof CLUSTER_MEMBER_STATUSES)[number];

export const CLUSTER_STATUSES = ['proposed', 'active', 'in-transition', 'deactivated', 'not-activated'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

export interface ClusterScope {
  operationId: string;
  sector: string;
}

/** The 15 GPC standard protection risks; ids are stable (stored in ratings), labels are display text. */
export const GPC_PROTECTION_RISKS: readonly { id: string; label: string }[] = [
  { id: 'abduction-kidnapping-disappearance-arbitrary-detention', label: 'Abduction, kidnapping, enforced disappearance, arbitrary or unlawful arrest and/or detention' },
  { id: 'attacks-on-civilians-and-civilian-objects', label: 'Attacks on civilians and other unlawful killings, and attacks on civilian objects' },
  { id: 'child-and-forced-family-separation', label: 'Child and forced family separation' },
  { id: 'child-early-or-forced-marriage', label: 'Child, early or forced marriage' },
  { id: 'discrimination-stigmatisation-denial-of-access', label: 'Discrimination and stigmatisation, denial of resources, opportunities, services and/or humanitarian access' },
  { id: 'disinformation-and-denial-of-access-to-information', label: 'Disinformation and denial of access to information' },
  { id: 'forced-recruitment-of-children', label: 'Forced recruitment and association of children in armed forces and groups' },
  { id: 'gender-based-violence', label: 'Gender-based violence' },
  { id: 'impediments-to-legal-identity-remedies-justice', label: 'Impediments and/or restrictions to access to legal identity, remedies and justice' },
  { id: 'mines-and-explosive-ordnance', label: 'Presence of mine and other explosive ordnance' },
  { id: 'psychological-emotional-abuse', label: 'Psychological/emotional abuse or inflicted distress' },
  { id: 'theft-extortion-eviction-property-destruction', label: 'Theft, extortion, forced eviction or destruction of personal property' },
  { id: 'torture-and-ill-treatment', label: 'Torture or cruel, inhuman, degrading treatment or punishment' },
  { id: 'trafficking-forced-labour-slavery', label: 'Trafficking in persons, forced labour or slavery-like practices' },
  { id: 'restrictions-on-movement-and-forced-displacement', label: 'Unlawful impediments or restrictions to freedom of movement, siege and forced displacement' },
];
