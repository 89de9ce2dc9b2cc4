import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/errors';
import type { MailPreferencesDto, MailPreferencesView } from './dtos/mail-preferences.dto';

interface Row {
  id: string;
  email: string | null;
  locale: string;
  mail_enabled: boolean;
  mail_digest_kinds: string[];
  away: boolean;
}

const toView = (r: Row): MailPreferencesView => ({ userId: r.id, email: r.email, locale: r.locale, mailEnabled: r.mail_enabled, digestKinds: r.mail_digest_kinds, away: r.away });

@Injectable()
export class MailService {
  constructor(private readonly dataSource: DataSource) {}

  async get(userId: string): Promise<MailPreferencesView> {
    const rows: Row[] = await this.dataSource.query('SELECT id, email, locale, mail_enabled, mail_digest_kinds, away FROM users WHERE id = $1', [userId]);
    if (rows.length === 0) throw AppException.notFound('user', userId);
    return toView(rows[0]);
  }

  async update(userId: string, dto: MailPreferencesDto): Promise<MailPreferencesView> {
    await this.get(userId);
    if (dto.email) {
      const taken: unknown[] = await this.dataSource.query('SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2', [dto.email, userId]);
      if (taken.length > 0) throw AppException.conflict('email is already used by another user');
    }
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows]: [Row[], number] = await this.dataSource.query(
      `UPDATE users SET
         email = CASE WHEN $2 THEN $3 ELSE email END,
         locale = COALESCE($4, locale),
         mail_enabled = COALESCE($5, mail_enabled),
         mail_digest_kinds = COALESCE($6::text[], mail_digest_kinds),
         away = COALESCE($7, away)
       WHERE id = $1 RETURNING id, email, locale, mail_enabled, mail_digest_kinds, away`,
      [userId, dto.email !== undefined, dto.email ?? null, dto.locale ?? null, dto.mailEnabled ?? null, dto.digestKinds ? [...new Set(dto.digestKinds)] : null, dto.away ?? null],
    );
    return toView(rows[0]);
  }
}
