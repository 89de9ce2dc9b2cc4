import { useGetManyAggregate, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { useDefinitionLabels } from '../definitions';
import type { Process, Task } from '../types';
import { caseTitle } from '../util/case-title';

type Subject = Pick<Process, 'type' | 'title' | 'operationId' | 'sector' | 'subject' | 'input'>;

/** A case's title in the user's language; operation names are fetched in one batched request per screen. */
export function useCaseTitle(p: Subject | undefined): string {
  const labels = useDefinitionLabels();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useGetManyAggregate('operations', { ids: p?.operationId ? [p.operationId] : [] }, { enabled: !!p?.operationId });
  if (!p) return '';
  const operation = data?.find((o) => o?.id === p.operationId) as { name?: string } | undefined;
  if (p.operationId && !operation) return p.title;
  return caseTitle(p, labels, (s) => translate(`hpc.sectors.${s}`, { _: s }), operation?.name, locale === 'ar' ? '، ' : ', ');
}

/** The record's case title (processes' recordRepresentation: page titles, breadcrumbs, references). */
export const CaseTitle = () => {
  const p = useRecordContext<Process>();
  const title = useCaseTitle(p);
  return p ? <bdi>{title}</bdi> : null;
};

/** A task named by its step in the user's language (tasks' recordRepresentation). */
export const TaskTitle = () => {
  const t = useRecordContext<Task>();
  const labels = useDefinitionLabels();
  return t ? <>{labels.stepTitle(t.processType, t.stepId, t.title)}</> : null;
};
