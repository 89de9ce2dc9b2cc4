import { useLiveInterval } from '../live';
import { useFormat } from '../i18n/format';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { Badge, IconButton, List, ListItemButton, ListItemText, Popover, Tooltip, Typography } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useGetList, useGetMany, useTranslate } from 'react-admin';
import type { HpcDataProvider } from '../dataProvider';
import type { Task } from '../types';
import { useNavigate } from 'react-router-dom';

interface AppNotification {
  id: string;
  type: string;
  processId: string | null;
  taskId: string | null;
  message: string;
  createdAt: string;
  readAt: string | null;
}

/** In-app reminders and escalations (GET /api/notifications), refreshed every minute. */
export const NotificationsButton = () => {
  const translate = useTranslate();
  const format = useFormat();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<HpcDataProvider>();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const refetchInterval = useLiveInterval(60_000);
  const { data = [], refetch } = useGetList<AppNotification>(
    'notifications',
    { pagination: { page: 1, perPage: 20 }, sort: { field: 'createdAt', order: 'DESC' } },
    { refetchInterval: refetchInterval, retry: false },
  );
  // A notification about a task someone has since decided is history, not work waiting: not counted, not bold.
  const taskIds = [...new Set(data.map((n) => n.taskId).filter((id): id is string => !!id))];
  const { data: tasks = [] } = useGetMany<Task>('tasks', { ids: taskIds }, { enabled: taskIds.length > 0, retry: false });
  const settled = new Set(tasks.filter((t) => t && t.status !== 'open').map((t) => String(t.id)));
  const isSettled = (n: AppNotification) => !!n.taskId && settled.has(n.taskId);
  const unread = data.filter((n) => !n.readAt && !isSettled(n)).length;
  return (
    <>
      <Tooltip title={translate('hpc.notifications.title')}>
        {/* The badge's number is part of the name, so what is seen is what is announced. */}
        <IconButton color="inherit" onClick={(e) => setAnchor(e.currentTarget)} aria-label={unread > 0 ? `${translate('hpc.notifications.title')} ${unread}` : translate('hpc.notifications.title')}>
          <Badge badgeContent={unread} color="error">
            <NotificationsIcon />
          </Badge>
        </IconButton>
      </Tooltip>
      <Popover open={!!anchor} anchorEl={anchor} onClose={() => setAnchor(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}>
        {data.length === 0 ? (
          <Typography sx={{ p: 2 }} variant="body2">
            {translate('hpc.notifications.empty')}
          </Typography>
        ) : (
          <List dense sx={{ maxWidth: 420, maxHeight: 420, overflow: 'auto' }}>
            {data.map((n) => (
              <ListItemButton
                key={n.id}
                onClick={() => {
                  setAnchor(null);
                  if (!n.readAt) void dataProvider.markNotificationRead(n.id).then(() => refetch(), () => undefined);
                  if (n.taskId) navigate(`/tasks/${encodeURIComponent(n.taskId)}/show`);
                  else if (n.processId) navigate(`/processes/${encodeURIComponent(n.processId)}/show`);
                }}
              >
                <ListItemText
                  primary={<bdi>{n.message}</bdi>}
                  secondary={[
                    translate(`hpc.notifications.types.${n.type}`, { _: n.type }),
                    format.dateTime(n.createdAt),
                    ...(isSettled(n) ? [translate('hpc.notifications.settled')] : []),
                  ].join(' · ')}
                  slotProps={{ primary: { fontWeight: n.readAt || isSettled(n) ? 400 : 600 } }}
                  data-testid={isSettled(n) ? 'notification-settled' : 'notification'}
                />
              </ListItemButton>
            ))}
          </List>
        )}
      </Popover>
    </>
  );
};
