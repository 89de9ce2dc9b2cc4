import { Chip, type ChipProps } from '@mui/material';
import { useTranslate } from 'react-admin';

/** A chip for an enum value, labelled `<prefix>.<value>` with the raw value as fallback. */
export const TranslatedChip = ({ prefix, value, ...rest }: { prefix: string; value: string } & ChipProps) => {
  const translate = useTranslate();
  return <Chip size="small" label={translate(`${prefix}.${value}`, { _: value })} {...rest} />;
};

const statusColors: Record<string, ChipProps['color']> = {
  active: 'success',
  running: 'info',
  open: 'info',
  completed: 'success',
  activated: 'success',
  decided: 'success',
  'in-transition': 'warning',
  proposed: 'default',
  deactivated: 'default',
  'not-activated': 'default',
  cancelled: 'default',
  failed: 'error',
  terminated: 'error',
};

export const StatusChip = ({ prefix, value }: { prefix: string; value: string | null | undefined }) =>
  value ? <TranslatedChip prefix={prefix} value={value} color={statusColors[value] ?? 'default'} variant="outlined" /> : null;
