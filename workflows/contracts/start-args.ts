// The single argument of every process workflow (the Temporal workflow type is the process type).
import type { AuditActor } from '../domain/actor';
import type { DurationOverrides } from '../domain/definitions/types';
import type { OperationContext } from '../processes/types';

export interface ProcessStartArgs<I = Record<string, unknown>> {
  input: I;
  startedBy: AuditActor;
  /** Per-start overrides of the definition's due times / reminders / escalation, by step id. */
  durations?: DurationOverrides;
  /** The case's operation (calendar, planning cycle, per-operation duration overrides, name for the title). */
  operation?: OperationContext | null;
  /** Set when another case started this one. */
  parentProcessId?: string | null;
}

/** Split `input.durations` (per-start overrides) from the input, as the API receives it. */
export function startArgs<I extends Record<string, unknown>>(
  input: I & { durations?: DurationOverrides },
  startedBy: AuditActor,
  operation: OperationContext | null,
): ProcessStartArgs<I> {
  const { durations, ...rest } = input;
  return { input: rest as unknown as I, startedBy, operation, ...(durations ? { durations } : {}) };
}
