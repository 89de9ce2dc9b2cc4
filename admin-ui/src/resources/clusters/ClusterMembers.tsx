// The member organisations of a cluster (GET/POST/DELETE /api/clusters/:id/members): managers (admin, the
// operation's OCHA, a lead of this cluster) add and remove; a partner asks to join or leaves for its own.
import { Alert, Box, Button, Card, CardContent, List, ListItem, ListItemText, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useGetList, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { authorizeScope } from '../../../../workflows/domain';
import { explainError } from '../../components/errors';
import { StatusChip } from '../../components/TranslatedChip';
import { API_URL, httpClient } from '../../httpClient';
import { useFormat } from '../../i18n/format';
import { currentActor } from '../../session';

interface Member {
  clusterId: string;
  organisationId: string;
  organisationName: string;
  organisationType: string;
  status: 'member' | 'requested' | 'left';
  joinedAt: string | null;
  leftAt: string | null;
}

export const ClusterMembers = () => {
  const cluster = useRecordContext<{ id: string; operationId: string; sector: string; status: string }>();
  const translate = useTranslate();
  const notify = useNotify();
  const format = useFormat();
  const [organisationId, setOrganisationId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const url = cluster ? `${API_URL}/clusters/${encodeURIComponent(cluster.id)}/members` : '';
  const members = useQuery({
    queryKey: ['clusters', 'members', cluster?.id],
    queryFn: async () => (await httpClient(url)).json as Member[],
    enabled: !!cluster,
    retry: false,
  });
  const actor = currentActor();
  const manager = !!actor && !!cluster && authorizeScope(actor, ['admin', 'ocha', 'cluster_lead'], { operationId: cluster.operationId, sector: cluster.sector }).allowed;
  const partner = !!actor?.roles.includes('partner') && !!actor.organisationId;
  const { data: organisations = [] } = useGetList('organisations', { pagination: { page: 1, perPage: 500 }, sort: { field: 'name', order: 'ASC' } }, { enabled: manager });
  if (!cluster) return null;
  const rows = members.data ?? [];
  const current = new Set(rows.filter((m) => m.status !== 'left').map((m) => m.organisationId));

  const run = async (request: () => Promise<unknown>, done: string) => {
    setPending(true);
    setError(null);
    try {
      await request();
      notify(done, { type: 'info' });
      setOrganisationId('');
      await members.refetch();
    } catch (e) {
      setError(explainError(e, translate).message);
    } finally {
      setPending(false);
    }
  };
  const add = (orgId: string) => run(() => httpClient(url, { method: 'POST', body: JSON.stringify({ organisationId: orgId }) }), 'hpc.engine.members.added');
  const remove = (orgId: string) => run(() => httpClient(`${url}/${encodeURIComponent(orgId)}`, { method: 'DELETE' }), 'hpc.engine.members.removed');

  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="cluster-members">
      <CardContent>
        <Typography variant="h6" component="h3">{translate('hpc.engine.members.title')}</Typography>
        {members.error && <Alert severity="error">{explainError(members.error, translate).message}</Alert>}
        {!members.isPending && rows.length === 0 && <Typography variant="body2">{translate('hpc.engine.members.none')}</Typography>}
        <List dense>
          {rows.map((m) => {
            const mayRemove = m.status !== 'left' && (manager || (partner && actor?.organisationId === m.organisationId));
            return (
              <ListItem
                key={m.organisationId}
                disableGutters
                data-testid="cluster-member"
                secondaryAction={mayRemove ? (
                  <Button size="small" color="error" disabled={pending} onClick={() => void remove(m.organisationId)} data-testid={`remove-member-${m.organisationId}`}>
                    {translate('hpc.engine.members.remove')}
                  </Button>
                ) : undefined}
              >
                <ListItemText
                  primary={<Stack direction="row" spacing={1} alignItems="center"><bdi>{m.organisationName}</bdi><StatusChip prefix="hpc.engine.members.statuses" value={m.status} /></Stack>}
                  secondary={m.status === 'left' ? format.date(m.leftAt) : m.joinedAt ? format.date(m.joinedAt) : undefined}
                />
              </ListItem>
            );
          })}
        </List>
        {manager && (
          <Box component="form" onSubmit={(e) => { e.preventDefault(); if (organisationId) void add(organisationId); }}>
            <Stack direction="row" spacing={1} alignItems="center">
              <TextField
                select size="small" sx={{ minWidth: 280 }} label={translate('hpc.engine.members.organisation')} value={organisationId}
                onChange={(e) => setOrganisationId(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'member-organisation' } }}
              >
                {organisations.filter((o) => !current.has(String(o.id))).map((o) => (
                  <MenuItem key={o.id} value={String(o.id)}><bdi>{o.name}</bdi></MenuItem>
                ))}
              </TextField>
              <Button type="submit" variant="contained" disabled={pending || !organisationId} data-testid="add-member">{translate('hpc.engine.members.add')}</Button>
            </Stack>
          </Box>
        )}
        {!manager && partner && actor?.organisationId && !current.has(actor.organisationId) && (
          <Button variant="outlined" disabled={pending} onClick={() => void add(actor.organisationId!)} data-testid="ask-to-join">{translate('hpc.engine.members.join')}</Button>
        )}
        {error && <Alert severity="error" sx={{ mt: 2 }} role="alert">{error}</Alert>}
      </CardContent>
    </Card>
  );
};
