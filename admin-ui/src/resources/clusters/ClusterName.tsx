import { useRecordContext, useTranslate } from 'react-admin';

/** A cluster as people name it: its sector in the user's language, then its lead agency. */
export const ClusterName = () => {
  const c = useRecordContext<{ id: string; sector?: string; leadAgency?: string | null }>();
  const translate = useTranslate();
  if (!c) return null;
  const sector = c.sector ? translate(`hpc.sectors.${c.sector}`, { _: c.sector }) : '';
  return <bdi>{c.leadAgency ? `${sector} (${c.leadAgency})` : sector}</bdi>;
};
