import DownloadIcon from '@mui/icons-material/Download';
import VerifiedIcon from '@mui/icons-material/Verified';
import { Alert, Button, CircularProgress, Stack } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { explainError } from '../../components/errors';
import type { HpcDataProvider } from '../../dataProvider';
import type { AuditEvent, VerifyResult } from '../../types';
import { downloadText, safeFileName } from '../../util/download';
import { historyToCsv } from '../../util/timeline';

/** Verify the hash chain of the case, and export its audit trail as CSV or JSON. */
export const HistoryActions = ({ processId, events }: { processId: string; events: AuditEvent[] }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<HpcDataProvider>();
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const verify = async () => {
    setPending(true);
    setError(null);
    try {
      setResult(await dataProvider.verifyAudit(processId));
    } catch (e) {
      setResult(null);
      setError(explainError(e, translate).message);
    } finally {
      setPending(false);
    }
  };

  const base = `${safeFileName(processId)}-history`;
  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
        <Button variant="outlined" onClick={verify} disabled={pending} startIcon={pending ? <CircularProgress size={16} /> : <VerifiedIcon />} data-testid="verify-chain">
          {translate('hpc.history.verify')}
        </Button>
        <Button
          variant="outlined"
          startIcon={<DownloadIcon />}
          disabled={!events.length}
          onClick={() => downloadText(`${base}.csv`, historyToCsv(events), 'text/csv;charset=utf-8')}
          data-testid="export-csv"
        >
          {translate('hpc.history.export_csv')}
        </Button>
        <Button
          variant="outlined"
          startIcon={<DownloadIcon />}
          disabled={!events.length}
          onClick={() => downloadText(`${base}.json`, JSON.stringify({ processId, events }, null, 2), 'application/json')}
          data-testid="export-json"
        >
          {translate('hpc.history.export_json')}
        </Button>
      </Stack>
      {result && (
        <Alert severity={result.valid ? 'success' : 'error'} data-testid="verify-result" data-valid={String(result.valid)}>
          {result.valid
            ? translate('hpc.history.valid', { smart_count: result.checked })
            : translate('hpc.history.broken', { seq: result.firstBrokenSeq ?? '?', reason: result.reason ?? '' })}
        </Alert>
      )}
      {error && <Alert severity="error">{error}</Alert>}
    </Stack>
  );
};
