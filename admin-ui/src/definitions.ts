// Process definitions come from workflows/domain (the same data the engine runs); labels are
// translated through `hpc.defs.*` keys with the definition's English text as the fallback.
import { useCallback, useMemo } from 'react';
import { useTranslate } from 'react-admin';
import type { FieldSpec, ProcessDefinition } from '../../workflows/domain';
import { getDefinition, PROCESS_DEFINITIONS } from './processes';

export const DEFINITIONS: ProcessDefinition[] = Object.values(PROCESS_DEFINITIONS);
export { getDefinition };

/**
 * The spec a definition gives a field name (its input, decision data or submission kinds), for facts shown
 * without their own specs (a timeline event's data): how the value is rendered and labelled.
 */
export function definitionFieldSpec(name: string): FieldSpec | undefined {
  for (const d of DEFINITIONS) {
    const fields = [...d.input, ...d.steps.flatMap((s) => [...s.decisions.flatMap((x) => x.data), ...(s.window?.kinds ?? []).flatMap((k) => k.fields)])];
    const found = fields.find((f) => f.name === name);
    if (found) return found;
  }
  return undefined;
}

/** The English label a definition gives a field name (input or decision data), for facts without a translation. */
export function definitionFieldLabel(name: string): string | undefined {
  return definitionFieldSpec(name)?.label;
}

/** Is this string a case's id (a workflow id: `<process type>:…`)? Shown as a link named by the case's title. */
export function isCaseId(value: string): boolean {
  return DEFINITIONS.some((d) => value.startsWith(`${d.type}:`));
}

export function useDefinitionLabels() {
  const translate = useTranslate();
  const processType = useCallback(
    (type: string) => translate(`hpc.process_types.${type}`, { _: getDefinition(type)?.title ?? type }),
    [translate],
  );
  const stepTitle = useCallback(
    (type: string, stepId: string, fallback?: string) => {
      const step = getDefinition(type)?.steps.find((s) => s.id === stepId);
      return translate(`hpc.defs.${type}.steps.${stepId}.title`, { _: step?.title ?? fallback ?? stepId });
    },
    [translate],
  );
  const stepDescription = useCallback(
    (type: string, stepId: string) => {
      const step = getDefinition(type)?.steps.find((s) => s.id === stepId);
      return translate(`hpc.defs.${type}.steps.${stepId}.description`, { _: step?.description ?? '' });
    },
    [translate],
  );
  const decisionLabel = useCallback(
    (type: string, stepId: string, decisionId: string) => {
      const step = getDefinition(type)?.steps.find((s) => s.id === stepId);
      const d = step?.decisions.find((x) => x.id === decisionId) ?? step?.results?.find((x) => x.id === decisionId);
      return translate(`hpc.defs.${type}.decisions.${stepId}.${decisionId}`, { _: d?.label ?? decisionId });
    },
    [translate],
  );
  const fieldLabel = useCallback(
    (field: Pick<FieldSpec, 'name' | 'label'>, path?: string) =>
      translate(`hpc.defs.fields.${path ?? field.name}`, { _: translate(`hpc.defs.fields.${field.name}`, { _: field.label }) }),
    [translate],
  );
  const outcomeLabel = useCallback(
    (type: string, outcome: string) => {
      const o = getDefinition(type)?.outcomes.find((x) => x.id === outcome);
      return translate(`hpc.defs.outcomes.${outcome}`, { _: o?.label ?? outcome });
    },
    [translate],
  );
  const optionLabel = useCallback(
    (field: Pick<FieldSpec, 'name'>, option: string) => {
      if (field.name === 'sector' || field.name === 'sectors') return translate(`hpc.sectors.${option}`, { _: option });
      if (field.name === 'operationType') return translate(`hpc.operation_types.${option}`, { _: option });
      return translate(`hpc.defs.options.${field.name}.${option}`, { _: option });
    },
    [translate],
  );
  return useMemo(
    () => ({ processType, stepTitle, stepDescription, decisionLabel, fieldLabel, outcomeLabel, optionLabel }),
    [processType, stepTitle, stepDescription, decisionLabel, fieldLabel, outcomeLabel, optionLabel],
  );
}
