// A submission window's reminders to the invited organisations that have not submitted (e.g. the CCPM survey's
// weekly reminder). Who has answered is never stored: it is derived here, each time, by recomputing each invited
// organisation's dedupe key (the keyed hash for anonymous kinds, see submission-keys.ts) and looking it up among
// the standing submissions' keys. The pending organisations stay inside this activity: the workflow (and its
// Temporal history) only learns how many there were.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NotificationRequest, RemindPendingRequest, SubmissionActivities } from '@hpc/workflows/contracts/activities';
import { DEV_JWT_SECRET } from '../../apps/api/src/config/app-config';
import { CHANGES_CHANNEL, notify } from '../projection/projection.activities';
import { recordNotificationMails } from '../mail/mail.outbox';
import { anonymousKeySecret, submissionKey } from './submission-keys';

/** The organisations of `req` that have not submitted (every expected value when `all`, else at least one). Pure. */
export function pendingOrganisations(req: Pick<RemindPendingRequest, 'processId' | 'anonymous' | 'organisationIds' | 'values' | 'all' | 'standingKeys'>, secret: Buffer): string[] {
  const standing = new Set(req.standingKeys);
  const combos = req.values.length > 0 ? req.values.map((v) => [v]) : [[]];
  return [...new Set(req.organisationIds)].filter((organisationId) => {
    const answered = combos.map((values) => standing.has(submissionKey({ anonymous: req.anonymous, secret, processId: req.processId, organisationId, values })));
    return req.all ? !answered.every(Boolean) : !answered.some(Boolean);
  });
}

@Injectable()
export class SubmissionRemindersService implements SubmissionActivities {
  private readonly secret: Buffer;

  /** `serverSecret`: the API's JWT secret (the worker reads the same configuration). */
  constructor(private readonly dataSource: DataSource, serverSecret: string = process.env.JWT_SECRET || DEV_JWT_SECRET) {
    this.secret = anonymousKeySecret(serverSecret);
  }

  async remindPendingSubmitters(req: RemindPendingRequest): Promise<{ organisations: number; notified: number }> {
    const pending = pendingOrganisations(req, this.secret);
    if (pending.length === 0) return { organisations: 0, notified: 0 };
    const n: NotificationRequest = {
      kind: 'reminder', roles: req.roles, scope: {}, organisationIds: pending, processId: req.processId, taskId: null,
      message: req.message, dedupeKey: req.dedupeKey, data: req.data,
    };
    const ids = await this.dataSource.transaction(async (em) => {
      const notified = await notify(em, n);
      await recordNotificationMails(em, n, notified);
      await em.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify({ processId: req.processId, taskIds: [], userIds: notified.slice(0, 200) })]);
      return notified;
    });
    return { organisations: pending.length, notified: ids.length };
  }
}
