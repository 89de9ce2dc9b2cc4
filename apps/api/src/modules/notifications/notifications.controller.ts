import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser } from '../../auth/decorators';
import { AppException } from '../../common/errors';
import { ApiList } from '../../common/list.decorators';
import { parseListQuery, sendPage, type ListSpec } from '../../common/list-query';
import { NotificationsRepository } from '../../persistence/repositories';
import { readScopeSql } from '../processes/read-scope';
import type { NotificationEntity } from '../../persistence/entities';

export const NOTIFICATIONS_LIST: ListSpec = {
  resource: 'notifications',
  sortable: ['createdAt', 'id'],
  defaultSort: ['createdAt', 'DESC'],
  filters: { unread: { type: 'boolean' }, type: { type: 'string' }, processId: { type: 'string', maxLength: 400 } },
};

export interface NotificationView {
  id: string;
  type: string;
  processId: string | null;
  taskId: string | null;
  message: string;
  data: Record<string, unknown> | null;
  createdAt: string;
  readAt: string | null;
}

const toView = (n: NotificationEntity): NotificationView => ({
  id: n.id,
  type: n.type,
  processId: n.processId,
  taskId: n.taskId,
  message: n.message,
  data: n.data,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});

/** The caller's in-app notifications (new tasks, reminders, escalations). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsRepository) {}

  @Get()
  @ApiList(NOTIFICATIONS_LIST, Object)
  async list(@CurrentUser() auth: Actor, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<NotificationView[]> {
    const q = parseListQuery(query, NOTIFICATIONS_LIST);
    const page = await this.notifications.listForUser(auth.id, q, readScopeSql(auth));
    return sendPage(res, NOTIFICATIONS_LIST, q, { items: page.items.map(toView), total: page.total });
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  async markRead(@CurrentUser() auth: Actor, @Param('id') id: string): Promise<NotificationView> {
    if (!/^\d{1,18}$/.test(id)) throw AppException.validation('id must be a positive integer');
    const n = await this.notifications.markRead(auth.id, id);
    if (!n) throw AppException.notFound('notification', id);
    return toView(n);
  }
}
