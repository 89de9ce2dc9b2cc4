import CancelIcon from '@mui/icons-material/Cancel';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useNotify, usePermissions, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { explainError } from '../../components/errors';
import type { HpcDataProvider } from '../../dataProvider';
import { canCancelProcess } from '../../permissions';
import type { Process } from '../../types';

/** Admin only: cancel a running case, with a reason that goes into the audit trail. */
export const CancelProcessButton = () => {
  const process = useRecordContext<Process>();
  const { permissions = [] } = usePermissions<string[]>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<HpcDataProvider>();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (!process || process.status !== 'running' || !canCancelProcess(permissions)) return null;

  const confirm = async () => {
    if (!reason.trim()) {
      setError(translate('hpc.processes.reason_required'));
      return;
    }
    setPending(true);
    try {
      await dataProvider.cancelProcess(process.id, reason.trim());
      notify('hpc.processes.cancelled', { type: 'info' });
      setOpen(false);
      refresh();
    } catch (e) {
      setError(explainError(e, translate).message);
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button color="error" startIcon={<CancelIcon />} onClick={() => setOpen(true)} data-testid="cancel-process">
        {translate('hpc.processes.cancel')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate('hpc.processes.cancel_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('hpc.processes.cancel_help')}</DialogContentText>
          <TextField
            autoFocus
            label={translate('hpc.processes.reason')}
            fullWidth
            multiline
            minRows={2}
            required
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
            slotProps={{ htmlInput: { name: 'reason' } }}
          />
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button color="error" variant="contained" onClick={confirm} disabled={pending}>
            {translate('hpc.processes.cancel_confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
