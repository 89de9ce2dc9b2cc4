import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import { durationError, isDuration, PLANNING_FORMATS, type OperationSettings, type PlanningFormat, type StepDurationOverride } from '@hpc/workflows/domain';
import { CLUSTER_ACTIVATION } from '@hpc/workflows/processes';

const NAME = /^[A-Za-z]+(?:[/_+-][A-Za-z0-9]+)*$/;

/** The IANA name to store for a time zone (case fixed where possible), or null when the runtime does not know it. */
export function canonicalTimeZone(value: unknown): string | null {
  // Names only: offsets such as "+03:00" would ignore daylight saving and holidays' local dates.
  if (typeof value !== 'string' || value.length > 64 || !NAME.test(value)) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  // ICU resolves current names to legacy aliases (Asia/Kolkata → Asia/Calcutta): keep the name the user chose.
  return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
}

/** A real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Every problem of a durationOverrides value, each naming its path: `{ [processType]: { [stepId]: { due?, reminders?, escalation? } } }`. */
export function durationOverrideProblems(value: unknown, field = 'durationOverrides'): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value)) return [`${field} must be an object keyed by process type`];
  const problems: string[] = [];
  const types = Object.entries(value);
  if (types.length > 50) problems.push(`${field} must name at most 50 process types`);
  for (const [type, steps] of types.slice(0, 50)) {
    const tPath = `${field}.${type}`;
    if (!ID.test(type)) problems.push(`${field} keys must be process type ids (lower-case kebab-case), got "${type.slice(0, 40)}"`);
    if (!isObject(steps)) {
      problems.push(`${tPath} must be an object keyed by step id`);
      continue;
    }
    for (const [step, o] of Object.entries(steps).slice(0, 100)) {
      const sPath = `${tPath}.${step}`;
      if (!ID.test(step)) problems.push(`${tPath} keys must be step ids (lower-case kebab-case), got "${step.slice(0, 40)}"`);
      if (!isObject(o)) {
        problems.push(`${sPath} must be an object with due, reminders or escalation`);
        continue;
      }
      for (const key of Object.keys(o)) {
        if (!['due', 'reminders', 'escalation'].includes(key)) problems.push(`property ${sPath}.${key} should not exist`);
      }
      // The same rule, worded the same, as a per-start override (durationError of the domain).
      if (o.due !== undefined && !isDuration(o.due)) problems.push(`${sPath}.due ${durationError(o.due)}`);
      if (o.escalation !== undefined && !isDuration(o.escalation)) problems.push(`${sPath}.escalation ${durationError(o.escalation)}`);
      if (o.reminders !== undefined) {
        if (!Array.isArray(o.reminders) || o.reminders.length > 10) problems.push(`${sPath}.reminders must be an array of at most 10 durations`);
        else o.reminders.forEach((r, i) => isDuration(r) || problems.push(`${sPath}.reminders.${i} ${durationError(r)}`));
      }
    }
  }
  return problems;
}

function IsIanaTimeZone(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be an IANA time zone name such as Africa/Juba or UTC` },
      validator: { validate: (v: unknown) => canonicalTimeZone(v) !== null },
    });
}

function IsIsoDateEach(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIsoDateEach',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `each value in ${String(propertyName)} must be a calendar date written YYYY-MM-DD` },
      validator: { validate: (v: unknown) => !Array.isArray(v) || v.every(isIsoDate) },
    });
}

function IsDurationOverrides(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDurationOverrides',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: (args) => durationOverrideProblems(args.value, args.property).join('; ') },
      validator: { validate: (v: unknown) => durationOverrideProblems(v).length === 0 },
    });
}

/** Absent means "keep"; null is validated like any value (400), never stored or spread into a 500. */
const Given = (): PropertyDecorator => ValidateIf((_o, v) => v !== undefined);

/** PATCH /api/operations/:id/settings: any subset; each given field replaces the stored one. */
export class UpdateOperationSettingsDto {
  @ApiProperty({ required: false, example: 'Africa/Juba', description: 'IANA time zone' })
  @Given()
  @IsString()
  @IsIanaTimeZone()
  timeZone?: string;

  @ApiProperty({ required: false, type: [Number], example: [5, 6], description: '0 = Sunday … 6 = Saturday' })
  @Given()
  @IsArray()
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(6, { each: true })
  weekendDays?: number[];

  @ApiProperty({ required: false, type: [String], example: ['2026-07-09'], description: 'public holidays, YYYY-MM-DD' })
  @Given()
  @IsArray()
  @ArrayMaxSize(500)
  @IsIsoDateEach()
  holidays?: string[];

  @ApiProperty({ required: false, minimum: 1, maximum: 12, example: 6 })
  @Given()
  @IsInt()
  @Min(1)
  @Max(12)
  planningCycleStartMonth?: number;

  @ApiProperty({ required: false, enum: PLANNING_FORMATS })
  @Given()
  @IsIn(PLANNING_FORMATS)
  planningFormat?: PlanningFormat;

  @ApiProperty({ required: false, type: Object, additionalProperties: true, example: { [CLUSTER_ACTIVATION]: { 'erc-approval': { due: '48 hours' } } } })
  @Given()
  @IsObject()
  @IsDurationOverrides()
  durationOverrides?: Record<string, Record<string, StepDurationOverride>>;

  @ApiProperty({ required: false, description: 'pause the clusters\' recurring-duty schedules while they are in transition' })
  @Given()
  @IsBoolean()
  pauseDutiesInTransition?: boolean;
}

export class OperationSettingsDto implements OperationSettings {
  @ApiProperty() timeZone!: string;
  @ApiProperty({ type: [Number] }) weekendDays!: number[];
  @ApiProperty({ type: [String] }) holidays!: string[];
  @ApiProperty() planningCycleStartMonth!: number;
  @ApiProperty({ enum: PLANNING_FORMATS }) planningFormat!: PlanningFormat;
  @ApiProperty({ type: Object, additionalProperties: true }) durationOverrides!: Record<string, Record<string, StepDurationOverride>>;
  @ApiProperty() pauseDutiesInTransition!: boolean;
}
